import type { Pool } from 'pg';
import type { Tx } from './pool';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export interface TransactionOptions {
  /** Retries on serialization failures and deadlocks; the callback must be safe to run again. */
  retries?: number;
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * Runs `work` inside BEGIN/COMMIT on one pooled client, passed explicitly. Any throw rolls back.
 */
export async function withTransaction<T>(pool: Pool, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = 1 + (options.retries ?? 0);
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
      const result = await work(client);
      assertCommitted(await client.query('COMMIT'));
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      const code = (error as { code?: string }).code;
      if (attempt < attempts && code !== undefined && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * Postgres answers COMMIT in a failed transaction with ROLLBACK, not an error: a statement whose error the work
 * swallowed would otherwise pass for success (an event marked handled, an offset committed, with nothing applied).
 */
export function assertCommitted(result: { command?: string | null }): void {
  if (result.command !== 'COMMIT') {
    throw new Error(`the transaction was rolled back at COMMIT (the server answered ${result.command ?? 'nothing'}): a statement in it failed and its error was caught`);
  }
}
