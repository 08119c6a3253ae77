import type { Pool } from 'pg';

/**
 * A pool that runs every query on `pool` and counts named statements by name: a spy on the real database, not a
 * mock, for tests that must see work being shared (e.g. many concurrent callers, few statements).
 */
export function countingPool(pool: Pool): { pool: Pool; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const spy = {
    query: (config: { name?: string }, values?: unknown[]) => {
      if (config.name) calls.set(config.name, (calls.get(config.name) ?? 0) + 1);
      return pool.query(config as never, values);
    },
  } as unknown as Pool;
  return { pool: spy, calls };
}
