import { ConsumerStore, LogPosition, lockAggregates } from '@shop/messaging';
import { NamedQuery, Tx, runOne, sql, withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';
import { eventTypesFrom, projectionLockKey, sourcesOf } from '../application/projection-catalog';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { READMODELS_SCHEMA } from '../infrastructure/postgres/readmodel-tables';
import { comparePositions, laterPosition } from './log-reader';
import type { ShadowCatchUp } from './shadow-catch-up';
import { ShadowTable } from './shadow-tables';

export interface SwapReport {
  /** Events applied inside the swap transaction. */
  finalCatchUp: number;
  /** Per source: the live consumer's checkpoint before the swap, and the one the swap set. */
  checkpoints: Record<string, { before: LogPosition; after: LogPosition }>;
  /** Events the shadows hold that the live consumer had not applied yet: its checkpoint moves past them. */
  aheadOfConsumer: number;
  lockWaitMs: number;
}

/** The events of the given types in (from, to] of `source`. */
function countStatement(source: string): NamedQuery<{ n: number }> {
  return sql(
    `${source}.rebuild_count_ahead`,
    `SELECT count(*)::int AS n FROM ${source}
      WHERE (txid, id) > ($1::xid8, $2::bigint) AND (txid, id) <= ($3::xid8, $4::bigint) AND event_type = ANY($5::text[])`,
  );
}

/**
 * Swaps a projection's rebuilt tables in, in one transaction, while its live consumer keeps running:
 * 1. take the projection's lock: the consumer's batch in flight commits first, the next one waits for us;
 * 2. catch the shadows up to the horizon and to at least the consumer's checkpoint;
 * 3. replace the live tables by the shadows and move the checkpoint to the end of the replay.
 * Nothing committed by the live consumer is lost, and nothing is counted twice: a batch the consumer read before
 * the swap and applies after it finds its events' rows already in the swapped-in tables, and every projection's
 * statements leave a row they find unchanged (sql-projectors.ts), so those events change nothing.
 */
export async function swapIn(pool: Pool, catchUp: ShadowCatchUp, beforeSwap?: () => Promise<void>): Promise<SwapReport> {
  const { spec } = catchUp;
  const store = new ConsumerStore(READMODELS_SCHEMA);
  const state = new PgProjectionState();
  return withTransaction(pool, async (tx: Tx) => {
    const waitStarted = Date.now();
    await lockAggregates(tx, [projectionLockKey(spec.name)]);
    const lockWaitMs = Date.now() - waitStarted;
    if (beforeSwap) await beforeSwap();
    const report: SwapReport = { finalCatchUp: 0, checkpoints: {}, aheadOfConsumer: 0, lockWaitMs };
    for (const source of sourcesOf(spec)) {
      const live = await store.readCheckpoint(tx, spec.group, source);
      report.finalCatchUp += await catchUp.final(tx, source, live);
      const end = laterPosition(catchUp.positions.get(source)!, live);
      if (comparePositions(end, live) > 0) {
        report.aheadOfConsumer += (await runOne(tx, countStatement(source), [live.txid, live.id, end.txid, end.id, eventTypesFrom(spec, source)]))!.n;
        await store.saveCheckpoint(tx, spec.group, source, end);
      }
      report.checkpoints[source] = { before: live, after: end };
    }
    if (catchUp.lastEventAt) await state.touch(tx, spec.name, catchUp.lastEventAt);
    for (const table of spec.tables) await new ShadowTable(table).swapIn(tx);
    return report;
  });
}
