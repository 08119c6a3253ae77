import { PipelineStep, Tx, run, sql } from '@shop/postgres';

const LOCK = sql('messaging.lock_aggregate', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))');
// Sorted keys, locked one after the other in that order, so two lockers never wait for each other in a cycle.
const LOCK_MANY = sql(
  'messaging.lock_aggregates',
  `SELECT count(pg_advisory_xact_lock(hashtextextended(key, 0)))
     FROM (SELECT key FROM unnest($1::text[]) WITH ORDINALITY AS k(key, position) ORDER BY position) AS ordered`,
);

/** The lock key of an aggregate, e.g. `order:42`. */
export function aggregateKey(aggregateType: string, aggregateId: string): string {
  return `${aggregateType}:${aggregateId}`;
}

/**
 * Serialises the transactions that append events for one aggregate, and must be the transaction's first
 * write-free statement: an advisory lock assigns no transaction id, so every writer of an aggregate gets its
 * xid only after the previous writer committed. Readers order the log by xid (see event-log-reader.ts), so
 * this is what keeps one aggregate's events in order. Batches lock all their aggregates up front (lockAggregates).
 */
export async function lockAggregate(tx: Tx, aggregateType: string, aggregateId: string): Promise<void> {
  await run(tx, LOCK, [aggregateKey(aggregateType, aggregateId)]);
}

/** Locks several aggregates (keys from aggregateKey) in sorted order; call before the transaction's first write. */
export async function lockAggregates(tx: Tx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await run(tx, LOCK_MANY, lockAggregatesStep(keys).values);
}

/** lockAggregates as a pipeline step (runPipelined), e.g. sent with the BEGIN: same statement, same sorted keys. */
export function lockAggregatesStep(keys: string[]): PipelineStep {
  return { query: LOCK_MANY, values: [[...new Set(keys)].sort()] };
}
