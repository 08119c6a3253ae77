jest.setTimeout(60_000);

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { TEST_JWT_SECRET, freePortBlock } from '@shop/testing';
import { runStart } from './support/run-start';

// Nothing listens on port 1: a start that got as far as the database would fail differently.
const NOWHERE = 'postgres://postgres@127.0.0.1:1/shop';
const LOG_LEVEL_MESSAGE = 'config: LOG_LEVEL must be one of fatal | error | warn | info | debug | trace | silent, got "verbose"';

describe('a bad service setting stops npm start before anything starts, naming the variable', () => {
  it.each<{ env: Record<string, string>; message: string }>([
    { env: { LOG_LEVEL: 'verbose' }, message: LOG_LEVEL_MESSAGE },
    { env: { RATE_LIMIT_PER_MINUTE: 'abc' }, message: 'config: RATE_LIMIT_PER_MINUTE must be a whole number, got "abc"' },
  ])('$env', async ({ env, message }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bad-settings-'));
    try {
      const outcome = await runStart({ ...env, DATABASE_URL: NOWHERE, DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET }, 20_000);
      expect(outcome).toEqual({ code: 2, stderr: `${message}\n` });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Kafka mode without a broker', () => {
  it('stops npm start at once, naming KAFKA_BROKERS and npm run kafka:up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'no-broker-'));
    const base = await freePortBlock();
    try {
      const outcome = await runStart({ BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: NOWHERE, DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, PORT: String(base), INTERNAL_PORT_BASE: String(base) }, 20_000);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('no Kafka broker answers at KAFKA_BROKERS=127.0.0.1:1: start one with npm run kafka:up');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a service started alone with a bad setting', () => {
  it.each(['gateway', 'orders', 'inventory', 'payments', 'projections'])('%s prints one line and exits 2', async (service) => {
    const env = { ...process.env, LOG_LEVEL: 'verbose', DATABASE_URL: NOWHERE, PROVIDER_DATABASE_URL: NOWHERE, AUTH_JWT_SECRET: TEST_JWT_SECRET, PORT: '1' };
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [join(repoRoot(), 'dist/services', service, 'src/main.js')], { env, timeout: 20_000 }, (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }));
    });
    expect(outcome).toEqual({ code: 2, stderr: `${LOG_LEVEL_MESSAGE}\n` });
  });
});
