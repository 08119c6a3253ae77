import type { LogPosition } from '@shop/messaging';
import { PROJECTIONS, sourcesOf } from '../application/projection-catalog';
import type { ProjectionName } from '../domain/projection-names';
import { ProgressSink } from './progress';
import type { Pool, PoolClient } from 'pg';
import type { ReadModelTable } from '../infrastructure/postgres/readmodel-tables';
import { openRebuildPool } from './rebuild-pool';
import { ReplayResult, replayIntoShadows } from './replay';
import { ShadowCatchUp } from './shadow-catch-up';
import { ShadowTable } from './shadow-tables';
import { SwapReport, swapIn } from './swap';

export interface RebuildOptions {
  /** Events per read of the catch-up (and per catch-up transaction); the bulk pass fetches 5,000 at a time. */
  pageSize?: number;
  progress?: ProgressSink;
  /** Runs between the bulk pass and the catch-up (tests use it to add events at that moment). */
  afterReplay?: () => Promise<void>;
  /** Runs inside each swap transaction right after the projection's lock is taken (same, for that moment). */
  beforeSwap?: (projection: ProjectionName) => Promise<void>;
}

export interface ProjectionRebuildReport {
  catchUpEvents: number;
  swap: SwapReport;
  rejectedEvents: number;
  positions: Record<string, LogPosition>;
}

export interface RebuildReport {
  replay: Omit<ReplayResult, 'positions' | 'lastEventAt'> & { eventsPerSecond: number };
  projections: Partial<Record<ProjectionName, ProjectionRebuildReport>>;
  seconds: number;
}

/** The session lock one rebuild holds: shadow tables have fixed names, so two at once dropped each other's. */
const REBUILD_LOCK = 4_718_220_001;

/** Takes the rebuild lock on a connection held until the end, or refuses at once (before any shadow exists). */
async function holdRebuildLock(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [REBUILD_LOCK]);
  if (rows[0].locked) return client;
  client.release();
  throw new Error('another projections:rebuild is running on this database; wait for it to finish (its progress is on its own terminal), then run this one if still needed');
}

/** Catch-up rounds outside the lock stop once a round reads less than this many pages. */
const QUIET_PAGES = 1;
const MAX_CATCH_UP_ROUNDS = 20;

/**
 * Rebuilds projections from the event logs while the platform runs: one bulk replay into shadow tables for all
 * of them (each log read once), then per projection a catch-up in small transactions and the swap (see swap.ts).
 * A failure before a projection's swap leaves its live tables untouched and drops its shadows.
 */
export async function rebuildProjections(databaseUrl: string, names: readonly ProjectionName[], options: RebuildOptions = {}): Promise<RebuildReport> {
  const started = Date.now();
  const pageSize = options.pageSize ?? 5_000;
  const progress = options.progress ?? (() => undefined);
  const specs = [...new Set(names)].map((name) => PROJECTIONS[name]);
  const pool = await openRebuildPool(databaseUrl);
  const pending = new Set<ReadModelTable>();
  let guard: PoolClient | undefined;
  try {
    guard = await holdRebuildLock(pool);
    for (const table of specs.flatMap((spec) => spec.tables)) pending.add(table);
    const replay = await replayIntoShadows(pool, specs, progress);
    await options.afterReplay?.();
    const report: RebuildReport = {
      replay: { events: replay.events, rejected: replay.rejected, rows: replay.rows, seconds: replay.seconds, eventsPerSecond: replay.events / Math.max(0.001, replay.seconds) },
      projections: {},
      seconds: 0,
    };
    for (const spec of specs) {
      const positions = new Map(sourcesOf(spec).map((source) => [source, replay.positions.get(source)!]));
      const catchUp = new ShadowCatchUp(spec, positions, replay.lastEventAt.get(spec.name), pageSize);
      let catchUpEvents = 0;
      for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
        const read = await catchUp.step(pool);
        catchUpEvents += read;
        if (read < QUIET_PAGES * pageSize) break;
      }
      progress(`${spec.name}: caught up ${catchUpEvents} events since the replay; swapping`);
      const swap = await swapIn(pool, catchUp, options.beforeSwap ? () => options.beforeSwap!(spec.name) : undefined);
      for (const table of spec.tables) pending.delete(table);
      progress(`${spec.name}: swapped in (lock wait ${swap.lockWaitMs} ms, ${swap.finalCatchUp} events in the swap, ${swap.aheadOfConsumer} ahead of the live consumer)`);
      report.projections[spec.name] = {
        catchUpEvents, swap, rejectedEvents: replay.rejected + catchUp.rejected, positions: Object.fromEntries(catchUp.positions),
      };
    }
    report.seconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    for (const table of pending) await new ShadowTable(table).discard(pool).catch(() => undefined);
    if (guard) await guard.query('SELECT pg_advisory_unlock($1)', [REBUILD_LOCK]).catch(() => undefined);
    guard?.release();
    await pool.end();
  }
}
