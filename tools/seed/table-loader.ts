import type { PoolClient } from 'pg';
import { CopySink } from '../../services/projections/src/infrastructure/postgres/copy-sink';
import { ProgressMeter, ProgressSink } from '../../services/projections/src/rebuild/progress';
import { IdCursor, OrderStory, storyOf } from './order-story';
import type { Emit, TableLoad } from './tables';
import type { World } from './world';

/** Orders generated at once: each becomes one COPY per table, so every order's story is derived once per lane. */
const ORDERS_PER_CHUNK = 10_000;

export interface LoadContext {
  world: World;
  orders: number;
  progress: ProgressSink;
  signal: AbortSignal;
}

/** Rows and time spent per table, summed over the chunks. */
export type TableStats = Record<string, { rows: number; seconds: number }>;

/** Work that runs once after the last chunk (read-model rows a projector can only emit at the end). */
export type Finisher = (client: PoolClient, stats: TableStats) => Promise<void>;

/** A table loaded chunk by chunk, or a visit of every order that writes nothing yet (a projector's input). */
export type LaneStep = TableLoad | { visit: (story: OrderStory) => void };

/**
 * One half of the seed on one connection, inside its transaction: orders are generated chunk by chunk, and each
 * chunk is written table by table (in the order given, so foreign keys point backwards) with one COPY each.
 * World rows (catalog, customers) go with the first chunk. Stories are derived once per chunk and dropped after.
 */
export async function loadLane(client: PoolClient, loads: LaneStep[], finishers: Finisher[], context: LoadContext, label: string): Promise<TableStats> {
  const stats: TableStats = {};
  const ids = new IdCursor(context.world);
  const meter = new ProgressMeter(label, context.orders, context.progress, 'orders');
  for (let start = 0; start === 0 || start < context.orders; start += ORDERS_PER_CHUNK) {
    const end = Math.min(context.orders, start + ORDERS_PER_CHUNK);
    const stories: OrderStory[] = [];
    for (let index = start; index < end; index++) stories.push(storyOf(context.world, context.orders, index, ids));
    for (const load of loads) {
      if ('visit' in load) {
        for (const story of stories) load.visit(story);
        continue;
      }
      if (start > 0 && !load.fromOrder) continue;
      await copyRows(client, load.table, load.columns, stats, async (emit) => {
        if (start === 0) load.fromWorld?.(context.world, emit);
        if (load.fromOrder) for (const story of stories) load.fromOrder(story, emit);
      });
      if (context.signal.aborted) throw new Error('seed aborted: the other half failed');
    }
    meter.add(end - start);
  }
  for (const finish of finishers) await finish(client, stats);
  meter.finish();
  return stats;
}

/** One COPY of the rows `fill` emits into `table`, counted into `stats`. */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], stats: TableStats, fill: (emit: Emit) => Promise<void> | void): Promise<void> {
  const started = Date.now();
  const sink = CopySink.open(client, table, columns);
  await fill((values) => sink.write(values));
  const rows = await sink.end();
  const entry = (stats[table] ??= { rows: 0, seconds: 0 });
  entry.rows += rows;
  entry.seconds += (Date.now() - started) / 1000;
}
