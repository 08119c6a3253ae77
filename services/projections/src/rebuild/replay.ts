import { LOG_START, LogPosition } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import type { Pool, PoolClient } from 'pg';
import { MemoryProjector, memoryProjector } from '../application/memory-projectors';
import { ProjectionSpec, sourcesOf } from '../application/projection-catalog';
import type { ProjectionName } from '../domain/projection-names';
import { COPY_COLUMNS } from '../infrastructure/postgres/copy-columns';
import type { ReadModelTable } from '../infrastructure/postgres/readmodel-tables';
import { EventFilter } from './event-filter';
import { HorizonLogReader, visibilityHorizon } from './log-reader';
import { ProgressMeter, ProgressSink } from './progress';
import { RollingCopySink } from './rolling-copy-sink';
import { ShadowTable } from './shadow-tables';

export interface ReplayResult {
  /** Per source: the last row read; every row below the horizon up to it is in the shadows. */
  positions: Map<string, LogPosition>;
  lastEventAt: Map<ProjectionName, string | undefined>;
  events: number;
  rejected: number;
  rows: Partial<Record<ReadModelTable, number>>;
  seconds: number;
}

/**
 * The bulk pass of a rebuild: reads each source log once from the beginning up to the visibility horizon of
 * the moment it starts, applies every event in memory for each projection that wants it, and streams the
 * resulting rows into freshly created shadow tables with COPY; then indexes and analyses them. The live tables
 * are not touched. The next page is fetched while the current one is applied.
 */
export async function replayIntoShadows(pool: Pool, specs: ProjectionSpec[], progress: ProgressSink): Promise<ReplayResult> {
  const started = Date.now();
  const horizon = await visibilityHorizon(pool);
  const tables = [...new Set(specs.flatMap((spec) => spec.tables))];
  const shadows = tables.map((table) => new ShadowTable(table));
  for (const shadow of shadows) await shadow.create(pool);

  const clients: PoolClient[] = [];
  const sinks = new Map<ReadModelTable, RollingCopySink>();
  let replayed = false;
  try {
    for (const shadow of shadows) {
      const client = await pool.connect();
      clients.push(client);
      sinks.set(shadow.table, new RollingCopySink(client, shadow.shadow, COPY_COLUMNS[shadow.table]));
    }
    const memories = new Map<ProjectionName, MemoryProjector>(specs.map((spec) => [spec.name, memoryProjector(spec.name, (table) => sinks.get(table)!)]));
    const filter = new EventFilter();
    const positions = new Map<string, LogPosition>();
    let events = 0;
    for (const source of [...new Set(specs.flatMap(sourcesOf))].sort()) {
      const interested = specs.filter((spec) => sourcesOf(spec).includes(source));
      const reader = new HorizonLogReader(source);
      const meter = new ProgressMeter(`replay ${source}`, await reader.countBelow(pool, LOG_START, horizon), progress);
      let position = LOG_START;
      await withTransaction(pool, async (tx) => {
        for await (const rows of reader.readAllBelow(tx, horizon)) {
          for (const { envelope } of rows) {
            for (const spec of filter.projectionsFor(interested, envelope)) memories.get(spec.name)!.apply(envelope);
          }
          position = rows[rows.length - 1].position;
          events += rows.length;
          meter.add(rows.length);
          await Promise.all([...sinks.values()].map((sink) => sink.drain()));
        }
      });
      meter.finish();
      positions.set(source, position);
    }
    for (const memory of memories.values()) memory.finish();
    const rows: Partial<Record<ReadModelTable, number>> = {};
    for (const [table, sink] of sinks) rows[table] = await sink.end();
    for (const shadow of shadows) {
      progress(`indexing ${shadow.shadow} (${rows[shadow.table]} rows)`);
      await shadow.index(pool);
    }
    const lastEventAt = new Map([...memories].map(([name, memory]) => [name, memory.lastEventAt]));
    replayed = true;
    return { positions, lastEventAt, events, rejected: filter.rejected, rows, seconds: (Date.now() - started) / 1000 };
  } finally {
    // After a failure the other sinks' COPYs are still open: a client returned to the pool so would hold its shadow,
    // and the DROP of the shadows queued behind it for ever. Closing the connection ends its COPY.
    for (const client of clients) client.release(!replayed);
  }
}
