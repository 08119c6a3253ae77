import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { TEST_JWT_SECRET, freePort, freePortBlock, waitFor } from '@shop/testing';
import { dropNamespace, platformBrokers } from '../../../libs/testing/src/kafka';

export interface Runtime {
  supervisorPid: number;
  adminUrl: string;
  gateway: string;
  services: Record<string, string>;
  pids: Record<string, number | undefined>;
  postgresPid?: number;
}

/** The embedded default exactly as `npm start` runs it (its own Postgres), for suites that restart the database. */
export async function startEmbeddedPlatform(
  env: Record<string, string>,
): Promise<{ dataDir: string; namespace: string; env: Record<string, string>; runtime: () => Runtime; stop: () => Promise<void>; supervisor: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chaos-'));
  chmodSync(dataDir, 0o755); // the server runs as the postgres OS user, which must reach its data folder
  // Probed free, below Linux's ephemeral range (32768 on): a random port up to 40,000 was sometimes a client
  // socket's, and start-up refused it as in use.
  const port = await freePort();
  const startEnv: Record<string, string> = {
    DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), INTERNAL_PORT_BASE: String(await freePortBlock()), PGPORT: String(await freePort()),
    AUTH_JWT_SECRET: TEST_JWT_SECRET, KAFKA_NAMESPACE: `chaos-${port}`, LOG_LEVEL: process.env.PLATFORM_LOG_LEVEL ?? 'error', ...env,
  };
  const supervisor = spawn(process.execPath, [join(repoRoot(), 'dist/tools/start.js')], { env: { ...process.env, ...startEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  const runtimePath = join(dataDir, 'runtime.json');
  const runtime = () => JSON.parse(readFileSync(runtimePath, 'utf8')) as Runtime;
  await waitFor('the embedded platform to become healthy', async () => {
    if (supervisor.exitCode !== null) throw new Error(`start.js exited with ${supervisor.exitCode}`);
    if (!existsSync(runtimePath)) return undefined;
    const response = await fetch(`${runtime().gateway}/health`).catch(() => undefined);
    return response?.status === 200 ? true : undefined;
  }, 120_000, 250);
  return {
    dataDir,
    namespace: `chaos-${port}`,
    env: startEnv,
    runtime,
    supervisor,
    async stop() {
      await new Promise<void>((resolve) => {
        if (supervisor.exitCode !== null) return resolve();
        supervisor.once('exit', () => resolve());
        supervisor.kill('SIGTERM');
      });
      // Its topics keep their defined retention (days) on the test broker otherwise.
      if (startEnv.BUS === 'kafka') await dropNamespace(platformBrokers(startEnv), startEnv.KAFKA_NAMESPACE).catch(() => undefined);
    },
  };
}
