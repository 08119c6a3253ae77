import { Pool, PoolClient, types } from 'pg';

// int8 stays a string (ids can exceed 2^53); callers convert money with BigInt() explicitly.
types.setTypeParser(types.builtins.INT8, (value) => value);

/** A client that is inside a transaction the caller opened; pass it explicitly, never through hidden context. */
export type Tx = PoolClient;
/** Anything that can run a query: the pool itself or a client. */
export type Queryable = Pick<Pool, 'query'> | PoolClient;

export interface PoolOptions {
  /** Connection URL for this service's own role. */
  url: string;
  /** Shown in pg_stat_activity, so a slow query names its service. */
  applicationName: string;
  max?: number;
  statementTimeoutMs?: number;
  /**
   * Send the triggers' notifications after each commit rather than inside it (`shop.defer_notify`, migration
   * infra/0004): the services' pools. Their commits must then go through withTransaction or
   * withGuardedTransaction, or be followed by FLUSH_NOTIFICATIONS on the same client.
   */
  deferNotifications?: boolean;
}

/** Sends a session's deferred notifications; run right after a COMMIT, outside any transaction block. */
export const FLUSH_NOTIFICATIONS = 'CALL shop_meta.flush_notifications()';

const DEFERS = Symbol('defers notifications');

/** Whether the pool's sessions defer their notifications to FLUSH_NOTIFICATIONS. */
export function defersNotifications(pool: object): boolean {
  return (pool as { [DEFERS]?: boolean })[DEFERS] === true;
}

/** The COMMIT for a client of `pool`: with the flush of its deferred notifications, in the same round trip. */
export function commitSql(pool: object): string {
  return defersNotifications(pool) ? `COMMIT; ${FLUSH_NOTIFICATIONS}` : 'COMMIT';
}

export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    ...(options.deferNotifications ? { options: '-c shop.defer_notify=on' } : {}),
  });
  if (options.deferNotifications) (pool as unknown as { [DEFERS]: boolean })[DEFERS] = true;
  // An idle client that loses its server (restart, kill) must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'warn', msg: 'idle postgres client error', err: error.message })));
  return pool;
}
