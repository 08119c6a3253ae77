jest.setTimeout(120_000);

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_JWT_SECRET, TEST_ROLE_PASSWORD, createTestDatabase, freePort, freePortBlock } from '@shop/testing';
import { runStart } from './support/run-start';

/** Pids of live processes whose environment holds `entry` (what npm start's children inherit). */
function processesWith(entry: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

describe('a start that fails', () => {
  it('stops the services it started before it exits', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'failed-start-'));
    // A failure after the services started: runtime.json, written just after, cannot replace a folder.
    mkdirSync(join(dataDir, 'runtime.json'));
    try {
      const outcome = await runStart({
        DATABASE_URL: db.adminUrl, SERVICE_DB_PASSWORD: TEST_ROLE_PASSWORD, AUTH_JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir,
        PORT: String(await freePort()), INTERNAL_PORT_BASE: String(await freePortBlock()), LOG_LEVEL: 'warn',
      });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/\[start\] failed: .*runtime\.json/);
      expect(processesWith(`DATA_DIR=${dataDir}`)).toEqual([]);
    } finally {
      for (const pid of processesWith(`DATA_DIR=${dataDir}`)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
