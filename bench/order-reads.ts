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
export async function benchRead(name: string, concurrency: number, seconds: number, request: (index: number) => Promise<{ status: number; ms: number }>): Promise<ReadResult> {
  const line = progress(`read ${name}`);
  const ms: number[] = [];
  let errors = 0;
  const started = performance.now();
  const done = await closedLoop(concurrency, seconds * 1000, async (index) => {
    const response = await request(index).catch(() => ({ status: 0, ms: 0 }));
    if (response.status === 200) ms.push(response.ms);
    else errors++;
  }, (count) => line.update(`${count} requests`));
  const result = { name, concurrency, perSecond: round(done / ((performance.now() - started) / 1000)), ms: summary(ms), errors };
  line.done(`${result.perSecond}/s, p50 ${result.ms.p50} ms, p99 ${result.ms.p99} ms, ${errors} errors`);
  return result;
}

/** Order detail (pattern 1) through the gateway on the orders the run created. */
export async function benchOrderDetail(platform: BenchPlatform, fixtures: Fixtures, seconds: number): Promise<ReadResult> {
  const db = new Client({ connectionString: platform.adminUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM orders.orders ORDER BY id DESC LIMIT 5000');
  await db.end();
  const ids = rows.map((row) => row.id);
  return benchRead('order detail (pattern 1)', 16, seconds, (index) => http('GET', `${platform.gateway}/v1/orders/${ids[index % ids.length]}`, { token: fixtures.adminToken }));
}
