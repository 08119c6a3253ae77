import { Client } from 'pg';
import type { BenchPlatform } from './lib/platform';
import { Fixtures, placeOrder } from './lib/fixtures';
import { closedLoop } from './lib/load';
import { waitForSettled } from './lib/observe';
import { progress } from './lib/progress';
import { round } from './lib/stats';

export interface FlashSaleResult {
  buyers: number;
  stock: number;
  /** Orders for the hot SKU accepted by the front door per second during the burst. */
  ordersPostedPerSecond: number;
  /** Reservations decided per second on the one SKU once the queued burst is released. */
  reservationsPerSecond: number;
  reserved: number;
  rejected: number;
  confirmed: number;
  reservedCount: number;
  inventoryCount: number;
  oversold: number;
}

const DECISIONS = `SELECT count(*) FILTER (WHERE event_type = 'inventory.stock-reserved')::int AS reserved,
                          count(*) FILTER (WHERE event_type = 'inventory.stock-rejected')::int AS rejected
                     FROM inventory.outbox WHERE aggregate_type = 'reservation' AND aggregate_id = ANY($1::text[])
                      AND event_type IN ('inventory.stock-reserved', 'inventory.stock-rejected')`;

async function busControl(platform: BenchPlatform, action: 'pause' | 'resume', services: string[]): Promise<void> {
  for (const service of services) {
    const response = await fetch(`${platform.services[service]}/internal/bus/${action}`, { method: 'POST' });
    if (response.status !== 200) throw new Error(`${service} bus ${action}: HTTP ${response.status}`);
  }
}

/** Everyone but inventory: held while the reservations drain, so the measure is the hot row's, not the saga's. */
const DOWNSTREAM = ['orders', 'payments', 'projections'];

/**
 * A flash sale on one SKU, in two measures. The burst: many buyers POST at once until 120% of the stock is
 * ordered (the front door's rate). The hot row: every consumer group is paused during the burst, so the orders
 * queue up in the log as they would behind a busy consumer; then inventory alone is released and the rate at
 * which the reservations on that one SKU are decided is the contended write's throughput, which a rate bounded
 * by the front door (or the rest of the saga competing for the same 2 cores) would hide. Then the others resume,
 * every order settles and oversell is checked (must be 0).
 */
export async function benchFlashSale(platform: BenchPlatform, fixtures: Fixtures, options: { buyers: number; stock: number; skuId: string; maxSeconds: number }): Promise<FlashSaleResult> {
  const line = progress('flash sale');
  const ids: string[] = [];
  const target = Math.ceil(options.stock * 1.2);
  await busControl(platform, 'pause', ['inventory', ...DOWNSTREAM]);
  const db = new Client({ connectionString: platform.adminUrl });
  await db.connect();
  try {
    const burstStarted = performance.now();
    try {
      await closedLoop(options.buyers, options.maxSeconds * 1000, async (index) => {
        if (ids.length >= target) return new Promise((resolve) => setTimeout(resolve, 50));
        const response = await placeOrder(platform, fixtures, index, options.skuId).catch(() => undefined);
        if (response?.status === 202) ids.push(response.body.id);
      }, () => line.update(`burst: ${ids.length} of ${target} orders posted for ${options.stock} units (reservations paused)`), () => ids.length >= target);
    } finally {
      await busControl(platform, 'resume', ['inventory']);
    }
    const ordersPostedPerSecond = round(ids.length / ((performance.now() - burstStarted) / 1000));
    const released = performance.now();
    let decided = { reserved: 0, rejected: 0 };
    for (const deadline = Date.now() + 120_000; decided.reserved + decided.rejected < ids.length && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      decided = (await db.query<{ reserved: number; rejected: number }>(DECISIONS, [ids])).rows[0];
      line.update(`released: ${decided.reserved} reserved, ${decided.rejected} rejected of ${ids.length}`);
    }
    const reservationsPerSecond = round(decided.reserved / ((performance.now() - released) / 1000));
    await busControl(platform, 'resume', DOWNSTREAM);
    await waitForSettled(platform.adminUrl, ids, 120_000);
    const sku = await db.query<{ inventory_count: number; reserved_count: number }>(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [options.skuId]);
    const confirmed = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::bigint[]) AND status = 'CONFIRMED'`, [ids]);
    const result: FlashSaleResult = {
      buyers: options.buyers,
      stock: options.stock,
      ordersPostedPerSecond,
      reservationsPerSecond,
      reserved: decided.reserved,
      rejected: decided.rejected,
      confirmed: confirmed.rows[0].n,
      reservedCount: sku.rows[0].reserved_count,
      inventoryCount: sku.rows[0].inventory_count,
      oversold: Math.max(0, confirmed.rows[0].n - sku.rows[0].inventory_count, sku.rows[0].reserved_count - sku.rows[0].inventory_count),
    };
    line.done(`burst ${ordersPostedPerSecond} orders/s; ${result.reservationsPerSecond} reservations/s on one SKU once released (${result.reserved} reserved, ${result.rejected} rejected), ${result.confirmed} confirmed of ${result.stock} units, oversold ${result.oversold}`);
    return result;
  } finally {
    await busControl(platform, 'resume', ['inventory', ...DOWNSTREAM]).catch(() => undefined); // never leave a group paused
    await db.end();
  }
}
