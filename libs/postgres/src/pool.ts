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
   * How long a session may sit idle inside a transaction before Postgres ends it (0: never). Every consumer of the
   * embedded bus reads only below the oldest open transaction, so one process hung mid-transaction (a SIGSTOP, a
   * debugger) held back every saga and read model of the platform for as long as it hung. The services' own
   * transactions take milliseconds; bulk tools that think between statements turn it off.
   */
  idleInTransactionTimeoutMs?: number;
  /**
   * Client-side limit on a query's answer: for a server that stops answering at all (a frozen backend), which a
   * statement timeout, enforced by that same server, cannot end. The client is then dropped from the pool.
   */
  queryTimeoutMs?: number;
}

export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;

export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? IDLE_IN_TRANSACTION_TIMEOUT_MS,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  });
  // An idle client that loses its server (restart, kill) must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'warn', msg: 'idle postgres client error', err: error.message })));
  return pool;
}
