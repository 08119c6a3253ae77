import { Tx, run, sql } from '@shop/postgres';

const LOCK = sql('messaging.lock_aggregate', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))');

/**
 * Serialises the transactions that append events for one aggregate, and must be the transaction's first
 * write-free statement: an advisory lock assigns no transaction id, so every writer of an aggregate gets its
 * xid only after the previous writer committed. Readers order the log by xid (see event-log-reader.ts), so
 * this is what keeps one aggregate's events in order.
 */
export async function lockAggregate(tx: Tx, aggregateType: string, aggregateId: string): Promise<void> {
  await run(tx, LOCK, [`${aggregateType}:${aggregateId}`]);
}
