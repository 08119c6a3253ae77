import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { repoRoot } from '@shop/config';
import { dropNamespace, platformBrokers } from '../../libs/testing/src/kafka';
import { readSecrets } from '../../tools/supervisor/local-secrets';

/** A running platform the benchmark drives: started here, or attached to with --url. */
export interface BenchPlatform {
  gateway: string;
  adminUrl: string;
  services: Record<string, string>;
  pids: () => Record<string, number | undefined>;
  jwtSecret: string;
  stop(): Promise<void>;
}

interface Runtime {
  adminUrl: string;
  gateway: string;
  services: Record<string, string>;
  pids: Record<string, number>;
  supervisorPid: number;
}

const readRuntime = (dataDir: string): Runtime | undefined => {
  const path = join(dataDir, 'runtime.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Runtime) : undefined;
};

export interface LaunchOptions {
  bus: 'postgres' | 'kafka';
  env?: Record<string, string>;
  /** Gateway port (services use the next ports); default 3300, or 3400 for kafka. */
  port?: number;
  /** Embedded Postgres port; default 54340, or 54341 for kafka. */
  pgPort?: number;
  /** Data folder, relative to the repository or absolute; default `.data/bench-<bus>`. Emptied first. */
  dataDir?: string;
}

/**
 * Starts `npm start`'s entry point on its own data folder (fresh each run) with durability on, as in production.
 * Ports and folder can be overridden so two suites (or two engineers) can run side by side.
 */
export async function launchPlatform(options: LaunchOptions): Promise<BenchPlatform> {
  const dataDir = resolvePath(repoRoot(), options.dataDir ?? join('.data', `bench-${options.bus}`));
  rmSync(dataDir, { recursive: true, force: true });
  const port = options.port ?? (options.bus === 'kafka' ? 3400 : 3300);
  const pgPort = options.pgPort ?? 54340 + (options.bus === 'kafka' ? 1 : 0);
  const namespace = `bench-${Date.now()}`;
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'dist/tools/start.js')], {
    env: {
      ...process.env,
      DATA_DIR: dataDir, PORT: String(port), INTERNAL_PORT_BASE: String(port), PGPORT: String(pgPort),
      BUS: options.bus, LOG_LEVEL: 'warn', KAFKA_NAMESPACE: namespace, RESERVATION_TTL_SECONDS: '900',
      // One admin token drives thousands of reads a second; the default limit (1000/s per principal) would refuse them.
      RATE_LIMIT_PER_MINUTE: '10000000', ...(options.env ?? {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const gateway = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`${gateway}/health`).then((response) => response.status === 200).catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      // A half-started platform would keep its ports and Postgres after the bench gave up on it.
      if (child.exitCode === null) child.kill('SIGTERM');
      throw new Error(`the platform did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const runtime = readRuntime(dataDir)!;
  return {
    gateway,
    adminUrl: runtime.adminUrl,
    services: runtime.services,
    pids: () => readRuntime(dataDir)?.pids ?? {},
    jwtSecret: readSecrets(dataDir)!.jwtSecret,
    async stop() {
      // A supervisor that already exited (crashed) sends no second 'exit'.
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      // Its topics keep their defined retention (days) on the dev broker otherwise.
      if (options.bus === 'kafka') await dropNamespace(platformBrokers(options.env), namespace).catch(() => undefined);
    },
  };
}

/** Attaches to a platform started with `npm start` (reads its runtime.json from DATA_DIR). */
export function attachPlatform(url: string, dataDir = process.env.DATA_DIR ?? './.data'): BenchPlatform {
  const runtime = readRuntime(dataDir);
  const secret = process.env.AUTH_JWT_SECRET ?? readSecrets(dataDir)?.jwtSecret;
  if (!runtime || !secret) throw new Error(`--url needs the platform's ${dataDir}/runtime.json and its JWT secret (DATA_DIR or AUTH_JWT_SECRET)`);
  return { gateway: url, adminUrl: runtime.adminUrl, services: runtime.services, pids: () => readRuntime(dataDir)?.pids ?? runtime.pids, jwtSecret: secret, stop: async () => undefined };
}
