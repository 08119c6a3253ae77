import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { TestDatabase, createTestDatabase, freePort, waitFor } from '@shop/testing';

jest.setTimeout(60_000);

// The supervisor stops a service with SIGTERM (npm start's Ctrl-C) or SIGINT: its workers must finish and stop
// before it exits, so consumers commit their batch and Kafka consumers leave their groups at once. With Nest's own
// shutdown hooks also listening, Nest re-raised the signal after closing the app and the process died first.
describe('runBackendService on a stop signal', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const fixture = join(repoRoot(), 'dist/libs/service-kit/src/run-backend-service.fixture.js');

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s: the workers stop, then the process exits 0', async (signal) => {
    const marker = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'events');
    const child = spawn(process.execPath, [fixture], {
      env: { PATH: process.env.PATH, FIXTURE_MARKER: marker, PORT: String(await freePort()), DATABASE_URL: db.adminUrl, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, by) => resolve({ code, signal: by })));
    await waitFor('the fixture service to start its worker', async () => (existsSync(marker) ? true : undefined), 30_000, 50);
    child.kill(signal);
    expect({ ...(await exited), events: readFileSync(marker, 'utf8').trim().split('\n'), stderr }).toEqual({ code: 0, signal: null, events: ['started', 'stopped'], stderr: '' });
  });

  // npm start killed with SIGKILL stops nothing: its services must notice and stop themselves, or they keep their
  // ports (and the next npm start refuses them).
  it('a service npm start runs stops its workers and exits once npm start is gone', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'events');
    const env = { PATH: process.env.PATH, FIXTURE_MARKER: marker, PORT: String(await freePort()), DATABASE_URL: db.adminUrl, LOG_LEVEL: 'error' };
    // A stand-in for npm start: runs the fixture as the supervisor does (SUPERVISOR_PID) and prints its pid.
    const script = `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(fixture)}], { env: { ...process.env, SUPERVISOR_PID: String(process.pid) }, stdio: 'ignore' }); console.log(c.pid);`;
    const supervisor = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const servicePid = await new Promise<number>((resolve) => supervisor.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    try {
      await waitFor('the fixture service to start its worker', async () => (existsSync(marker) ? true : undefined), 30_000, 50);
      supervisor.kill('SIGKILL');
      await waitFor('the fixture service to exit', async () => (exited(servicePid) ? true : undefined), 15_000, 100);
      expect(readFileSync(marker, 'utf8').trim().split('\n')).toEqual(['started', 'stopped']);
    } finally {
      if (!exited(servicePid)) process.kill(servicePid, 'SIGKILL');
    }
  });
});

/** Gone, or a zombie nobody reaps (its new parent, init, may not in a container). */
function exited(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return true;
  }
}
