import type { DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { bootstrapService } from './bootstrap';
import { Readiness } from './health';
import { shutdownTracing } from './tracing';

/** Something that runs in the background of a service (a consumer, a sweeper, a relay). */
export interface BackgroundWorker {
  readonly name: string;
  start(): Promise<void> | void;
  /** Finishes the work in flight and stops; must resolve. */
  stop(): Promise<void>;
}

export interface BackendServiceOptions {
  name: string;
  port: number;
  host: string;
  logger: Logger;
  pool: Pool;
  module: DynamicModule;
  readiness: Readiness;
  workers: BackgroundWorker[];
}

/**
 * Starts a backend service: the HTTP API first, then its workers; readiness turns green once the database
 * answers and every worker started. SIGTERM/SIGINT stop in reverse: HTTP, workers (in-flight batches commit,
 * Kafka consumers leave their groups), then the pool. A worker that fails to start exits the process so the
 * supervisor restarts it. SIGHUP (a closed terminal) stops it the same way. The signals are this function's alone: with Nest's shutdown hooks also listening,
 * Nest re-raised the signal once the app was closed and the process died before its workers stopped.
 */
export async function runBackendService(options: BackendServiceOptions): Promise<void> {
  const { logger, pool, readiness, workers } = options;
  let workersStarted = false;
  readiness.register('database', async () => {
    await pool.query('SELECT 1');
  });
  readiness.register('workers', async () => {
    if (!workersStarted) throw new Error('workers are starting');
  });
  const app = await bootstrapService({ name: options.name, module: options.module as never, port: options.port, host: options.host, logger });
  try {
    for (const worker of workers) await worker.start();
    workersStarted = true;
    logger.info({ workers: workers.map((worker) => worker.name) }, `${options.name} ready`);
  } catch (error) {
    logger.fatal({ err: error }, `${options.name}: a worker failed to start`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${options.name} stopping`);
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close().catch(() => undefined);
    for (const worker of [...workers].reverse()) await worker.stop().catch((error) => logger.error({ err: error, worker: worker.name }, 'worker stop failed'));
    await pool.end().catch(() => undefined);
    await shutdownTracing();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // A closed terminal sends SIGHUP to npm start's whole process group, services included.
  process.once('SIGHUP', () => void shutdown('SIGHUP'));
}

/** Runs `tick` soon after start, then every `intervalMs` until stopped; a failing tick is logged and retried next time. */
export function intervalWorker(name: string, intervalMs: number, logger: Logger, tick: () => Promise<unknown>): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error) => logger.error({ err: error, worker: name }, 'periodic task failed; retrying next interval'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  return {
    name,
    start: () => {
      timer = setTimeout(loop, Math.min(intervalMs, 1_000));
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
