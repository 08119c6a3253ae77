import { Queryable, Tx, run, runOne, sql } from '@shop/postgres';
import type { RequestedLine, StockLevel } from '../../domain/reservation-plan';

const LOCK_SKUS_IN_ORDER = sql<{ sku_id: string; available: number }>(
  'inventory.skus.lock_in_order',
  `SELECT id AS sku_id, inventory_count - reserved_count AS available
     FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
);
/*
 * One round trip for the whole reservation: lock the order's SKUs in id order, decide all-or-nothing from the
 * locked rows, then a conditional UPDATE (the availability test is part of the write, evaluated under the lock)
 * and the reservation rows. The UPDATE and INSERT join the decision, so nothing is written unless every line fits,
 * and nothing at all for an order that already has reservations (a repeated OrderPlaced).
 */
const RESERVE_ALL = sql<{ already: boolean; reserved: boolean; updated: number; levels: { skuId: string; available: number }[] }>(
  'inventory.skus.reserve_all',
  `WITH wanted AS (
     SELECT sku_id, quantity FROM unnest($2::bigint[], $3::int[]) AS w(sku_id, quantity)
   ), already AS (
     SELECT EXISTS (SELECT 1 FROM inventory.reservations WHERE order_id = $1) AS done
   ), locked AS (
     SELECT id, inventory_count - reserved_count AS available FROM inventory.skus
      WHERE id IN (SELECT sku_id FROM wanted) ORDER BY id FOR UPDATE
   ), decision AS (
     SELECT NOT (SELECT done FROM already)
        AND (SELECT count(*) FROM locked) = (SELECT count(*) FROM wanted)
        AND NOT EXISTS (SELECT 1 FROM wanted w JOIN locked l ON l.id = w.sku_id WHERE l.available < w.quantity) AS ok
   ), reserved AS (
     UPDATE inventory.skus AS s SET reserved_count = s.reserved_count + w.quantity, updated_at = now()
       FROM wanted w, decision d
      WHERE d.ok AND s.id = w.sku_id AND s.inventory_count - s.reserved_count >= w.quantity
     RETURNING s.id
   ), held AS (
     INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at)
     SELECT $1, w.sku_id, w.quantity, $4 FROM wanted w, decision d WHERE d.ok RETURNING id
   )
   SELECT (SELECT done FROM already) AS already, (SELECT ok FROM decision) AS reserved, (SELECT count(*)::int FROM reserved) AS updated,
          (SELECT count(*) FROM held) AS held,
          (SELECT coalesce(json_agg(json_build_object('skuId', id::text, 'available', available) ORDER BY id), '[]'::json) FROM locked) AS levels`,
);
const ORDER_SKUS = sql<{ sku_id: string }>(
  'inventory.reservations.order_skus',
  `SELECT sku_id FROM inventory.reservations WHERE order_id = $1 AND status = 'ACTIVE'`,
);
const CLOSE_RESERVATIONS = sql<{ sku_id: string; quantity: number }>(
  'inventory.reservations.close',
  `UPDATE inventory.reservations SET status = $2, updated_at = now()
    WHERE order_id = $1 AND status = 'ACTIVE' RETURNING sku_id, quantity`,
);
const RETURN_TO_SALE = sql(
  'inventory.skus.unreserve',
  `UPDATE inventory.skus AS s SET reserved_count = s.reserved_count - r.quantity, updated_at = now()
     FROM unnest($1::bigint[], $2::int[]) AS r(sku_id, quantity) WHERE s.id = r.sku_id`,
);
const SHIP_OUT = sql(
  'inventory.skus.ship_out',
  `UPDATE inventory.skus AS s
      SET reserved_count = s.reserved_count - r.quantity, inventory_count = s.inventory_count - r.quantity, updated_at = now()
     FROM unnest($1::bigint[], $2::int[]) AS r(sku_id, quantity) WHERE s.id = r.sku_id`,
);
const PIN = sql('inventory.reservations.pin', `UPDATE inventory.reservations SET expires_at = 'infinity', updated_at = now() WHERE order_id = $1 AND status = 'ACTIVE'`);
const EXPIRED = sql<{ order_id: string }>(
  'inventory.reservations.expired',
  `SELECT DISTINCT order_id FROM inventory.reservations WHERE status = 'ACTIVE' AND expires_at < $1 LIMIT $2`,
);

/**
 * Stock and reservations. Every method that changes stock first locks the SKUs involved in ascending id order,
 * so concurrent writers (the saga consumer, the expiry sweeper, restocks) cannot deadlock.
 */
export class PgStockRepository {
  async lockInOrder(tx: Tx, skuIds: string[]): Promise<StockLevel[]> {
    const rows = await run(tx, LOCK_SKUS_IN_ORDER, [skuIds]);
    return rows.map((row) => ({ skuId: row.sku_id, available: row.available }));
  }

  /**
   * Reserves every line or none, in one statement. `already` is true when the order had reservations before
   * (nothing changes); otherwise `reserved` says whether stock was held, and `levels` what was available.
   */
  async reserveAll(tx: Tx, orderId: string, plan: RequestedLine[], expiresAt: Date): Promise<{ already: boolean; reserved: boolean; levels: StockLevel[] }> {
    const row = (await runOne(tx, RESERVE_ALL, [orderId, plan.map((line) => line.skuId), plan.map((line) => line.quantity), expiresAt]))!;
    if (row.reserved && row.updated !== plan.length) throw new Error(`reservation of order ${orderId} updated ${row.updated} of ${plan.length} SKUs under lock`);
    return { already: row.already, reserved: row.reserved, levels: row.levels };
  }

  /** Closes the order's active reservations as RELEASED (back to sale) or COMMITTED (shipped); returns units moved. */
  async close(tx: Tx, orderId: string, outcome: 'RELEASED' | 'COMMITTED'): Promise<number> {
    const skus = await run(tx, ORDER_SKUS, [orderId]);
    if (skus.length === 0) return 0;
    await this.lockInOrder(tx, skus.map((row) => row.sku_id));
    const closed = await run(tx, CLOSE_RESERVATIONS, [orderId, outcome]);
    await run(tx, outcome === 'RELEASED' ? RETURN_TO_SALE : SHIP_OUT, [closed.map((row) => row.sku_id), closed.map((row) => row.quantity)]);
    return closed.reduce((units, row) => units + row.quantity, 0);
  }

  /** A confirmed (paid) order's stock is held until it ships or is cancelled: it no longer expires. */
  async pin(tx: Tx, orderId: string): Promise<void> {
    await run(tx, PIN, [orderId]);
  }

  async expiredOrderIds(db: Queryable, before: Date, limit: number): Promise<string[]> {
    return (await run(db, EXPIRED, [before, limit])).map((row) => row.order_id);
  }
}
