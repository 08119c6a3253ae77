import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { signJwt, type Role } from '@shop/service-kit';
import { dropNamespace, platformBrokers } from './kafka';
import { TEST_ROLE_PASSWORD } from './test-server';
import { TestDatabase, createTestDatabase } from './test-database';
import { waitFor } from './wait-for';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface PlatformOptions {
  bus?: 'postgres' | 'kafka';
  env?: Record<string, string>;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body as sent, for what JSON.parse would change (integers past 2^53 - 1). */
  text: string;
}

/** The whole platform as `npm start` runs it (supervisor, five services) on a fresh test database. */
export interface Platform {
  readonly url: string;
  readonly db: TestDatabase;
  readonly internalPortBase: number;
  token(role: Role, sub?: string, merchantId?: string): string;
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string }): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

// Ports for the platform are chosen below Linux's ephemeral range (32768-60999 by default), probed, and bound by
// the services seconds later. A port the kernel handed out (listen(0)) and released in between could be taken as
// the local port of any outgoing connection meanwhile (Kafka clients, pools of parallel suites): the gateway then
// failed with EADDRINUSE until the test timed out.
const PORTS_FROM = 20_000;
const PORTS_TO = 32_000;

/**
 * Where test ports are drawn from: `TEST_PORT_RANGE=<first>-<last>` (inclusive) confines a run to the ports a shared
 * machine allots it; by default the range above.
 */
export function testPortRange(value = process.env.TEST_PORT_RANGE): { from: number; to: number } {
  if (!value) return { from: PORTS_FROM, to: PORTS_TO };
  const match = /^(\d{4,5})-(\d{4,5})$/.exec(value.trim());
  const from = Number(match?.[1]);
  const last = Number(match?.[2]);
  // A gateway port and a block of five must fit, with room to avoid each other.
  if (!match || last > 65_535 || last - from < 10) throw new Error(`TEST_PORT_RANGE must be <first>-<last> with at least 11 ports, e.g. 24400-24499, not ${value}`);
  return { from, to: last + 1 };
}

/** A port that was free when probed. */
export async function freePort(): Promise<number> {
  const { from, to } = testPortRange();
  for (;;) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (await isFree(port)) return port;
  }
}

/** A base port whose next five ports are free (the backend services listen on base+1..base+4), none of them `avoid`. */
export async function freePortBlock(avoid?: number): Promise<number> {
  const { from, to } = testPortRange();
  for (;;) {
    const base = from + Math.floor(Math.random() * (to - from - 5));
    if (avoid !== undefined && avoid >= base && avoid <= base + 4) continue;
    const probes = await Promise.all([1, 2, 3, 4].map((offset) => isFree(base + offset)));
    if (probes.every(Boolean)) return base;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts `dist/tools/start.js` (run `node tools/build.mjs` first; npm test does) and waits for /health. */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const db = await createTestDatabase();
  const namespace = `t${db.name.replace(/_/g, '-')}`;
  const port = await freePort();
  const internalPortBase = await freePortBlock(port);
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'dist/tools/start.js')], {
    env: {
      ...process.env,
      DATABASE_URL: db.adminUrl,
      SERVICE_DB_PASSWORD: TEST_ROLE_PASSWORD,
      PORT: String(port),
      INTERNAL_PORT_BASE: String(internalPortBase),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'platform-')),
      BUS: options.bus ?? 'postgres',
      // A namespace of its own: platforms sharing the test broker must not read each other's events.
      KAFKA_NAMESPACE: namespace,
      LOG_LEVEL: process.env.PLATFORM_LOG_LEVEL ?? 'warn',
      SAGA_SWEEP_MS: '200',
      PAYMENT_RECONCILE_MS: '500',
      ...(options.env ?? {}),
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let startLog = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    startLog += chunk.toString();
    if (process.env.PLATFORM_LOG_LEVEL) process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('the platform to become healthy', async () => {
      if (child.exitCode !== null) throw new Error(`start.js exited with ${child.exitCode}:\n${startLog}`);
      const response = await fetch(`${url}/health`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }, 90_000, 200);
  } catch (error) {
    // SIGTERM first: the supervisor stops its services. SIGKILL alone left them running, and jest waiting for them.
    await stopSupervisor(child);
    await db.drop().catch(() => undefined);
    throw new Error(`${(error as Error).message}\n${startLog.slice(-3000)}`);
  }

  return {
    url,
    db,
    internalPortBase,
    token: (role, sub = `test-${role}`, merchantId) => signJwt({ sub, role, ...(merchantId ? { merchantId } : {}) }, TEST_JWT_SECRET),
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...(requestOptions.headers ?? {}) };
      if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, headers: response.headers, body: parsed as any, text };
    },
    async stop() {
      await stopSupervisor(child);
      await db.drop();
      if ((options.bus ?? 'postgres') === 'kafka') await dropNamespace(platformBrokers(options.env), namespace).catch(() => undefined);
    },
  };
}

/** SIGTERM (the supervisor stops every service), SIGKILL after 20 s. */
async function stopSupervisor(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
