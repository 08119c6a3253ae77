import { PipelineStep, Tx, assertCommitted, runPipelined } from '@shop/postgres';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { lockAggregatesStep } from './aggregate-lock';

/**
 * Keeps a checked-out client's dying session from killing the process. pg emits 'error' on a client whose
 * connection ends while no query is running on it (terminated backend, failover, network cut); a pooled
 * client has a listener only while idle in the pool, so an unlistened 'error' on a checked-out one is an
 * uncaught exception that takes the whole service down. With this guard the next query on the client fails
 * instead, which the caller handles like any other database error (roll back, reconnect, retry).
 * Returns the function that removes the guard; call it right before the client goes back to the pool, with no
 * `await` in between (the pool's own listener takes over synchronously on release).
 */
export function guardSession(client: PoolClient): () => void {
  const ignore = () => undefined;
  client.on('error', ignore);
  return () => {
    client.off('error', ignore);
  };
}

export interface GuardedTransactionOptions {
  /** Aggregate locks taken with the BEGIN (aggregate-lock.ts). */
  lockKeys?: string[];
  /** Named statements sent with the BEGIN and the locks in the same round trip (runPipelined); work gets their rows. */
  withBegin?: () => readonly PipelineStep[];
  /**
   * Named statements sent with the COMMIT in the same round trip (runPipelined), built after work ran: writes whose
   * results nobody reads (a consumer's checkpoint, deferred outbox appends).
   */
  withCommit?: () => readonly PipelineStep[];
  /** Gets the rows of the withCommit steps, once the COMMIT that travelled with them succeeded. */
  committed?: (rows: QueryResultRow[][]) => void;
}

/**
 * Like withTransaction of @shop/postgres (BEGIN, work, COMMIT, ROLLBACK on any throw), with the session guarded
 * from checkout to release: the guard must outlive the ROLLBACK of a dead session, which is why this does not
 * wrap withTransaction.
 */
export async function withGuardedTransaction<T>(pool: Pool, work: (tx: Tx, opened: QueryResultRow[][]) => Promise<T>, options: GuardedTransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  const unguard = guardSession(client);
  let broken = false;
  try {
    // With lockKeys, the aggregate locks (aggregate-lock.ts) come with the BEGIN, before any write; `withBegin`
    // rides along too: one round trip of prepared statements.
    const lock = options.lockKeys?.length ? [lockAggregatesStep(options.lockKeys)] : [];
    const extra = options.withBegin?.() ?? [];
    let opened: QueryResultRow[][] = [];
    if (lock.length + extra.length > 0) opened = (await runPipelined(client, [...lock, ...extra], { first: 'BEGIN' })).slice(lock.length);
    else await client.query('BEGIN');
    const result = await work(client, opened);
    const last = options.withCommit?.() ?? [];
    // A failing step stops the round trip before COMMIT; the catch below rolls back.
    if (last.length > 0) {
      const rows = await runPipelined(client, last, { last: 'COMMIT' });
      options.committed?.(rows);
    } else {
      assertCommitted(await client.query('COMMIT'));
    }
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    unguard();
    client.release(broken);
  }
}
