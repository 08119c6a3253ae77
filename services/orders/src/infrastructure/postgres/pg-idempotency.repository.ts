import { Queryable, Tx, run, runCount, runOne, sql } from '@shop/postgres';

const LOCK = sql('orders.idempotency.lock', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 1))');
const FIND = sql<{ request_hash: string; order_id: string }>(
  'orders.idempotency.find',
  `SELECT request_hash, order_id FROM orders.idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`,
);
const INSERT = sql(
  'orders.idempotency.insert',
  `INSERT INTO orders.idempotency_keys (scope, key, request_hash, order_id, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
   ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id, created_at = now(), expires_at = EXCLUDED.expires_at`,
);
const PURGE = sql('orders.idempotency.purge', `DELETE FROM orders.idempotency_keys WHERE expires_at < now()`);

/**
 * Idempotency keys of order and payment POSTs. Concurrent requests with one key serialise on an advisory lock,
 * so the second waits for the first to commit and then sees its answer. Keys expire (IDEMPOTENCY_TTL_SECONDS).
 */
export class PgIdempotencyRepository {
  async lock(tx: Tx, scope: string, key: string): Promise<void> {
    await run(tx, LOCK, [`${scope}\u001f${key}`]);
  }

  find(tx: Tx, scope: string, key: string) {
    return runOne(tx, FIND, [scope, key]);
  }

  async remember(tx: Tx, scope: string, key: string, requestHash: string, orderId: string, ttlSeconds: number): Promise<void> {
    await run(tx, INSERT, [scope, key, requestHash, orderId, ttlSeconds]);
  }

  purgeExpired(db: Queryable): Promise<number> {
    return runCount(db, PURGE);
  }
}
