import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { BenchPlatform } from './platform';
import type { StageSample } from './saga-stages';

/** Runs `work` on a fresh connection to the platform's database, closed afterwards. */
async function withAdminClient<T>(adminUrl: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: adminUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** POST-to-CONFIRMED per order, from the log: OrderConfirmed's timestamp minus the order's placed_at. */
export async function confirmations(adminUrl: string, orderIds: string[]): Promise<{ latenciesMs: number[]; confirmed: number; firstPlaced?: Date; lastConfirmed?: Date }> {
  return withAdminClient(adminUrl, async (db) => {
    const { rows } = await db.query<{ ms: number; placed_at: Date; confirmed_at: Date }>(
      `SELECT extract(epoch FROM e.created_at - o.placed_at) * 1000 AS ms, o.placed_at, e.created_at AS confirmed_at
         FROM orders.orders o JOIN orders.order_events e ON e.order_id = o.id AND e.event_type = 'orders.order-confirmed'
        WHERE o.id = ANY($1::bigint[])`,
      [orderIds],
    );
    const placed = rows.map((row) => row.placed_at.getTime());
    const confirmedAt = rows.map((row) => row.confirmed_at.getTime());
    return {
      latenciesMs: rows.map((row) => Number(row.ms)),
      confirmed: rows.length,
      firstPlaced: rows.length ? new Date(Math.min(...placed)) : undefined,
      lastConfirmed: rows.length ? new Date(Math.max(...confirmedAt)) : undefined,
    };
  });
}

/** Every status-history event of these orders, timed from the order's POST (placed_at), for sagaStages. */
export async function stageSamples(adminUrl: string, orderIds: string[]): Promise<StageSample[]> {
  return withAdminClient(adminUrl, async (db) => {
    const { rows } = await db.query<{ type: string; ms: number }>(
      `SELECT e.event_type AS type, extract(epoch FROM e.created_at - o.placed_at) * 1000 AS ms
         FROM orders.orders o JOIN orders.order_events e ON e.order_id = o.id
        WHERE o.id = ANY($1::bigint[])`,
      [orderIds],
    );
    return rows.map((row) => ({ type: row.type, msAfterPost: Number(row.ms) }));
  });
}

/** Waits until every order has left PENDING (or the timeout passes); returns how many are still pending. */
export async function waitForSettled(adminUrl: string, orderIds: string[], timeoutMs: number): Promise<number> {
  return withAdminClient(adminUrl, async (db) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::bigint[]) AND status = 'PENDING'`, [orderIds]);
      if (rows[0].n === 0 || Date.now() > deadline) return rows[0].n as number;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}

/** Resident memory of every service process, in MB (Linux /proc). */
export function residentMemoryMb(platform: BenchPlatform): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, pid] of Object.entries(platform.pids())) {
    if (!pid) continue;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      result[name] = Math.round(kb / 1024);
    } catch {
      /* the process is gone */
    }
  }
  return result;
}

/** Events a service's consumer groups have left to read (GET /internal/bus), summed over its sources. */
async function unreadEvents(serviceUrl: string): Promise<number> {
  const status = (await (await fetch(`${serviceUrl}/internal/bus`)).json()) as { lag: Record<string, number> };
  return Object.values(status.lag).reduce((sum, value) => sum + value, 0);
}

/** Samples every consumer group's lag once a second; returns the maximum seen per service. */
export function sampleLag(platform: BenchPlatform): { stop(): Record<string, number> } {
  const max: Record<string, number> = {};
  const timer = setInterval(async () => {
    for (const [service, url] of Object.entries(platform.services)) {
      try {
        max[service] = Math.max(max[service] ?? 0, await unreadEvents(url));
      } catch {
        /* a sample missed is fine */
      }
    }
  }, 1_000);
  return { stop: () => (clearInterval(timer), max) };
}

/**
 * Waits until no consumer group of any service has events left to read (or the timeout passes): the read phases
 * are measured on a platform that has caught up, as the raw point read is measured on an idle server.
 * Returns the events still waiting when it gave up (0 when quiet).
 */
export async function waitForQuiet(platform: BenchPlatform, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let waiting = 0;
    for (const url of Object.values(platform.services)) {
      try {
        waiting += await unreadEvents(url);
      } catch {
        waiting += 1; // a service that does not answer is not known to be quiet
      }
    }
    if (waiting === 0 || Date.now() > deadline) return waiting;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
