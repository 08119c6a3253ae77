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

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: the workers stop, then the process exits 0', async (signal) => {
    const marker = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'events');
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/libs/service-kit/src/run-backend-service.fixture.js')], {
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
});
