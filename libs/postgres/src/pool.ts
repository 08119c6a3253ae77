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
}

export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
  });
  // An idle client that loses its server (restart, kill) must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'warn', msg: 'idle postgres client error', err: error.message })));
  return pool;
}
