jest.setTimeout(180_000);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Platform, TEST_JWT_SECRET, TEST_ROLE_PASSWORD, startPlatform } from '@shop/testing';
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
      expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[start\] failed: the PostgreSQL of DATA_DIR .+ is already running with pid \d+ .*stop it with Ctrl-C, or use another DATA_DIR/)]);
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
