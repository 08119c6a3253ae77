import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { freePort, freePortBlock } from '@shop/testing';
import { loadOrCreateSecrets } from './supervisor/local-secrets';

jest.setTimeout(60_000);

/** Runs a built tool with DATA_DIR and nothing else of this environment (no AUTH_JWT_SECRET, no DATABASE_URL). */
function tool(name: string, dataDir: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot(), 'dist/tools', `${name}.js`), ...args], {
    cwd: repoRoot(), env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 30_000,
  });
}

describe('DATA_DIR/secrets.json', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'shop-secrets-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated once for an empty DATA_DIR and read back after', () => {
    const first = loadOrCreateSecrets(dataDir);
    expect(loadOrCreateSecrets(dataDir)).toEqual(first);
  });

  // A new password would lock every later start out of the cluster initdb made with the old one.
  it('is not generated next to an existing cluster, and nothing is written', () => {
    mkdirSync(join(dataDir, 'postgres'));
    expect(() => loadOrCreateSecrets(dataDir)).toThrow(`${join(dataDir, 'secrets.json')} is missing but ${join(dataDir, 'postgres')} exists`);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('is generated beside a leftover cluster that this start does not use (DATABASE_URL)', () => {
    mkdirSync(join(dataDir, 'postgres'));
    expect(loadOrCreateSecrets(dataDir, { embeddedCluster: false })).toMatchObject({ jwtSecret: expect.any(String) });
  });

  it('npm start refuses a cluster without its secrets before starting anything', async () => {
    mkdirSync(join(dataDir, 'postgres'));
    const ports = { PORT: String(await freePort()), PGPORT: String(await freePort()), INTERNAL_PORT_BASE: String(await freePortBlock()) };
    const result = tool('start', dataDir, [], ports);
    expect({ status: result.status, last: result.stderr.trim().split('\n').pop() }).toEqual({
      status: 1,
      last: `[start] failed: ${join(dataDir, 'secrets.json')} is missing but ${join(dataDir, 'postgres')} exists (a cluster whose password was in it): restore secrets.json from a backup, or start with an empty DATA_DIR`,
    });
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it.each([
    ['a truncated file', '{"postgresSuperuserPassword": "p', 'is not valid JSON'],
    ['a file without jwtSecret', '{"postgresSuperuserPassword": "pw"}', 'has no jwtSecret'],
  ])('token names %s and what to do, in one line', (_case, text, what) => {
    writeFileSync(join(dataDir, 'secrets.json'), text);
    const result = tool('token', dataDir, ['--role', 'admin']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(new RegExp(`^token: ${join(dataDir, 'secrets.json')} ${what} .*: (restore|add) [^\\n]+$`));
  });

  it('token without a secrets file says DATA_DIR must be the one npm start used', () => {
    const result = tool('token', dataDir, ['--role', 'admin']);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({
      status: 2,
      stderr: `token: no AUTH_JWT_SECRET and no ${join(dataDir, 'secrets.json')}; set DATA_DIR to the one npm start used, run npm start once, or set AUTH_JWT_SECRET`,
    });
  });

  it('check:invariants names a broken file instead of a JSON error', () => {
    writeFileSync(join(dataDir, 'secrets.json'), '{');
    const result = tool('check-invariants', dataDir, []);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(new RegExp(`^check:invariants: ${join(dataDir, 'secrets.json')} is not valid JSON`));
  });
});
