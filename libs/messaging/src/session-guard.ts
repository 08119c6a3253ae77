import { Tx, withTransaction } from '@shop/postgres';
import type { Pool, PoolClient } from 'pg';

/**
 * Keeps a checked-out client's dying session from killing the process. pg emits 'error' on a client whose
 * connection ends while no query is running on it (terminated backend, failover, network cut); a pooled
 * client has a listener only while idle in the pool, so an unlistened 'error' on a checked-out one is an
 * uncaught exception that takes the whole service down. With this guard the next query on the client fails
 * instead, which the caller handles like any other database error (roll back, reconnect, retry).
 * Returns the function that removes the guard; call it before the client goes back to the pool.
 */
export function guardSession(client: PoolClient): () => void {
  const ignore = () => undefined;
  client.on('error', ignore);
  return () => {
    client.off('error', ignore);
  };
}

/** withTransaction with the session guarded for as long as the transaction holds the client. */
export function withGuardedTransaction<T>(pool: Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (tx) => {
    const unguard = guardSession(tx);
    try {
      return await work(tx);
    } finally {
      unguard();
    }
  });
}
