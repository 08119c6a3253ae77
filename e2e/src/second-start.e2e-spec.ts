jest.setTimeout(180_000);

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { Platform, TEST_JWT_SECRET, TEST_ROLE_PASSWORD, startPlatform, waitFor } from '@shop/testing';
import { Client } from 'pg';
import { startEmbeddedPlatform } from './support/embedded-platform';
import { runStart } from './support/run-start';

/** The role password verifiers (salted: any ALTER ROLE ... PASSWORD changes them). */
async function roleVerifiers(adminUrl: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ rolname: string; rolpassword: string }>("SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE '%\\_svc' OR rolname = 'provider_sim'");
    return Object.fromEntries(rows.map((row) => [row.rolname, row.rolpassword]));
  } finally {
    await client.end();
  }
}

describe('a second npm start while one runs refuses and changes nothing', () => {
  describe('the embedded default', () => {
    let platform: Awaited<ReturnType<typeof startEmbeddedPlatform>>;
    beforeAll(async () => {
      platform = await startEmbeddedPlatform({});
    });
    afterAll(async () => {
      await platform?.stop();
      if (platform) rmSync(platform.dataDir, { recursive: true, force: true });
    });

    it('on the same DATA_DIR: names the running PostgreSQL and leaves the role passwords alone', async () => {
      const before = await roleVerifiers(platform.runtime().adminUrl);
      const second = await runStart(platform.env);
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^\[start\] failed: the PostgreSQL of DATA_DIR .+ \(pid \d+\) belongs to another npm start, pid \d+, still running: stop that one with kill -INT \d+/),
      ]);
      expect(await roleVerifiers(platform.runtime().adminUrl)).toEqual(before);
      expect((await fetch(`${platform.runtime().gateway}/health`)).status).toBe(200);
    });

    it('on another DATA_DIR with the same ports: names the port in use', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'second-start-'));
      try {
        const second = await runStart({ ...platform.env, DATA_DIR: dataDir });
        expect(second.code).toBe(1);
        expect(second.stderr.trim().split('\n')).toEqual([`[start] failed: port ${platform.env.PORT} (the gateway) is in use: is the platform already running? Stop it with Ctrl-C, or set PORT to a free port`]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('after npm start itself was killed (SIGKILL)', () => {
    let platform: Awaited<ReturnType<typeof startEmbeddedPlatform>>;
    beforeAll(async () => {
      platform = await startEmbeddedPlatform({});
    });
    afterAll(async () => {
      if (platform) rmSync(platform.dataDir, { recursive: true, force: true });
    });

    // Zombies count as gone: nothing here may reap an orphan.
    const running = (pid: number) => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

    it('its services stop themselves, and the next npm start stops the Postgres it left and starts', async () => {
      const { pids, postgresPid } = platform.runtime();
      const services = Object.values(pids).filter((pid): pid is number => pid !== undefined);
      expect(services).toHaveLength(5);
      const killed = new Promise((resolve) => platform.supervisor.once('exit', resolve));
      platform.supervisor.kill('SIGKILL');
      await killed;
      await waitFor('every service to stop without its supervisor', async () => (services.some(running) ? undefined : true), 30_000);
      expect(running(postgresPid!)).toBe(true); // the database is its own process group: left for the next start

      const next = spawn(process.execPath, [join(repoRoot(), 'dist/tools/start.js')], { env: { ...process.env, ...platform.env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      next.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        await waitFor('the next npm start to be ready', async () => (/ready in/.test(stderr) ? true : next.exitCode !== null ? Promise.reject(new Error(stderr)) : undefined), 120_000, 250);
        expect(stderr).toMatch(/was left running by npm start pid \d+, which is gone; stopping it/);
        expect(running(postgresPid!)).toBe(false);
        expect((await fetch(`${platform.runtime().gateway}/health`)).status).toBe(200);
      } finally {
        const stopped = new Promise((resolve) => next.once('exit', resolve));
        next.kill('SIGINT');
        await stopped;
      }
    });
  });

  describe('DATABASE_URL mode', () => {
    let platform: Platform;
    beforeAll(async () => {
      platform = await startPlatform();
    });
    afterAll(() => platform?.stop());

    it('refuses on the ports before it touches the roles of the database in use', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'second-start-'));
      try {
        const port = new URL(platform.url).port;
        const second = await runStart({
          DATABASE_URL: platform.db.adminUrl, SERVICE_DB_PASSWORD: TEST_ROLE_PASSWORD, AUTH_JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir,
          PORT: port, INTERNAL_PORT_BASE: String(platform.internalPortBase),
        });
        expect(second.code).toBe(1);
        expect(second.stderr).not.toMatch(/schemas ready|migrat/);
        expect(second.stderr.trim().split('\n')).toEqual([`[start] failed: port ${port} (the gateway) is in use: is the platform already running? Stop it with Ctrl-C, or set PORT to a free port`]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
