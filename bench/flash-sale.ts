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
  reservationsPerSecond: number;
  confirmed: number;
  reservedCount: number;
  inventoryCount: number;
  oversold: number;
}

/** Many buyers hammer one SKU until it sells out: confirmed reservations per second, and oversell (must be 0). */
export async function benchFlashSale(platform: BenchPlatform, fixtures: Fixtures, options: { buyers: number; stock: number; skuId: string; maxSeconds: number }): Promise<FlashSaleResult> {
  const line = progress('flash sale');
  const ids: string[] = [];
  let soldOut = false;
  await closedLoop(options.buyers, options.maxSeconds * 1000, async (index) => {
    if (soldOut || ids.length >= options.stock * 1.2) return new Promise((resolve) => setTimeout(resolve, 50));
    const response = await placeOrder(platform, fixtures, index, options.skuId).catch(() => undefined);
    if (response?.status === 202) ids.push(response.body.id);
  }, () => line.update(`${ids.length} orders posted for ${options.stock} units`));
  soldOut = true;
  await waitForSettled(platform.adminUrl, ids, 120_000);
  const db = new Client({ connectionString: platform.adminUrl });
  await db.connect();
  try {
    const reservations = await db.query<{ n: number; first: Date; last: Date }>(
      `SELECT count(*)::int AS n, min(created_at) AS first, max(created_at) AS last FROM inventory.reservations WHERE sku_id = $1`, [options.skuId]);
    const sku = await db.query<{ inventory_count: number; reserved_count: number }>(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [options.skuId]);
    const confirmed = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::bigint[]) AND status = 'CONFIRMED'`, [ids]);
    const span = Math.max(0.001, (reservations.rows[0].last.getTime() - reservations.rows[0].first.getTime()) / 1000);
    const result: FlashSaleResult = {
      buyers: options.buyers,
      stock: options.stock,
      reservationsPerSecond: round(reservations.rows[0].n / span),
      confirmed: confirmed.rows[0].n,
      reservedCount: sku.rows[0].reserved_count,
      inventoryCount: sku.rows[0].inventory_count,
      oversold: Math.max(0, confirmed.rows[0].n - sku.rows[0].inventory_count, sku.rows[0].reserved_count - sku.rows[0].inventory_count),
    };
    line.done(`${result.reservationsPerSecond} reservations/s on one SKU, ${result.confirmed} confirmed of ${result.stock} units, oversold ${result.oversold}`);
    return result;
  } finally {
    await db.end();
  }
}
