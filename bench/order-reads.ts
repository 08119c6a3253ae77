import { Client } from 'pg';
import type { BenchPlatform } from './lib/platform';
import { http } from './lib/http';
import type { Fixtures } from './lib/fixtures';
import { closedLoop } from './lib/load';
import { progress } from './lib/progress';
import { round, summary } from './lib/stats';

export interface ReadResult {
  name: string;
  concurrency: number;
  perSecond: number;
  ms: ReturnType<typeof summary>;
  errors: number;
}

/** Closed-loop reads of one endpoint through the gateway. */
export async function benchRead(
  name: string,
  concurrency: number,
  seconds: number,
  request: (index: number) => Promise<{ status: number; ms: number }>,
  /** Stop after this many requests (or after `seconds`, whichever comes first). */
  limit = Number.POSITIVE_INFINITY,
): Promise<ReadResult> {
  const line = progress(`read ${name}`);
  const ms: number[] = [];
  let errors = 0;
  const started = performance.now();
  let issued = 0;
  const done = await closedLoop(concurrency, seconds * 1000, async (index) => {
    issued++;
    const response = await request(index).catch(() => ({ status: 0, ms: 0 }));
    if (response.status === 200) ms.push(response.ms);
    else errors++;
  }, (count) => line.update(`${count} requests`), () => issued >= limit);
  const result = { name, concurrency, perSecond: round(done / ((performance.now() - started) / 1000)), ms: summary(ms), errors };
  line.done(`${result.perSecond}/s, p50 ${result.ms.p50} ms, p99 ${result.ms.p99} ms, ${errors} errors`);
  return result;
}

/** The ids of the newest orders the run created (at most 5000): what order detail reads. */
async function recentOrderIds(platform: BenchPlatform): Promise<string[]> {
  const db = new Client({ connectionString: platform.adminUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM orders.orders ORDER BY id DESC LIMIT 5000');
    return rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

/**
 * Order detail (pattern 1) through the gateway on the orders the run created: first one read of each order, which
 * the gateway takes from the orders and payments services (a cache miss), then reads over the same orders for
 * `seconds`, mostly served from the gateway's order detail cache. The second figure is the one held to the target.
 */
export async function benchOrderDetail(platform: BenchPlatform, fixtures: Fixtures, seconds: number): Promise<{ firstReads: ReadResult; reads: ReadResult }> {
  const ids = await recentOrderIds(platform);
  const read = (index: number) => http('GET', `${platform.gateway}/v1/orders/${ids[index % ids.length]}`, { token: fixtures.adminToken });
  const firstReads = await benchRead('order detail, first read of each order', 16, seconds, read, ids.length);
  const reads = await benchRead('order detail (pattern 1)', 16, seconds, read);
  return { firstReads, reads };
}
