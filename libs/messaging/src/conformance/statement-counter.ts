import type { Pool } from 'pg';

/**
 * Counts how often a pool issues one named statement (e.g. `inventory.outbox.read_after`), alone or as a step of a
 * pipeline (runPipelined of @shop/postgres). A spy on the real
 * clients, not a mock: the suites use it to know that a reader polled after some moment, so a scenario's
 * dangerous window was really exercised instead of merely waited out.
 * Only clients connected after the call are counted, so install it right after creating the pool.
 */
export function countStatements(pool: Pool, statementName: string): { readonly count: number } {
  const counter = { count: 0 };
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const config = args[0];
      if (typeof config === 'object' && config !== null) {
        const { name, statementNames } = config as { name?: string; statementNames?: string[] };
        if (name === statementName) counter.count++;
        for (const step of statementNames ?? []) if (step === statementName) counter.count++;
      }
      return original(...args);
    };
  });
  return counter;
}
