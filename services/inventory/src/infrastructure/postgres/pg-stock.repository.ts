import { Queryable, Tx, run, runCount, sql } from '@shop/postgres';
import type { RequestedLine, StockLevel } from '../../domain/reservation-plan';

const LOCK_SKUS_IN_ORDER = sql<{ sku_id: string; available: number }>(
  'inventory.skus.lock_in_order',
  `SELECT id AS sku_id, inventory_count - reserved_count AS available
     FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
);
// Conditional update: the availability check is part of the write, evaluated under the row lock.
const RESERVE_IF_AVAILABLE = sql(
  'inventory.skus.reserve_if_available',
  `UPDATE inventory.skus AS s
      SET reserved_count = s.reserved_count + w.quantity, updated_at = now()
     FROM unnest($1::bigint[], $2::int[]) AS w(sku_id, quantity)
    WHERE s.id = w.sku_id AND s.inventory_count - s.reserved_count >= w.quantity`,
);
const INSERT_RESERVATIONS = sql(
  'inventory.reservations.insert',
  `INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at)
   SELECT $1, sku_id, quantity, $4 FROM unnest($2::bigint[], $3::int[]) AS w(sku_id, quantity)`,
);
const ORDER_SKUS = sql<{ sku_id: string }>(
  'inventory.reservations.order_skus',
  `SELECT sku_id FROM inventory.reservations WHERE order_id = $1 AND status = 'ACTIVE'`,
);
const HAS_RESERVATIONS = sql<{ n: number }>('inventory.reservations.count', `SELECT count(*)::int AS n FROM inventory.reservations WHERE order_id = $1`);
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

  async hasReservations(tx: Tx, orderId: string): Promise<boolean> {
    const rows = await run(tx, HAS_RESERVATIONS, [orderId]);
    return rows[0].n > 0;
  }

  /** Reserves every line or none: a savepoint undoes a partial update. The plan must be in id order. */
  async reserveAll(tx: Tx, orderId: string, plan: RequestedLine[], expiresAt: Date): Promise<boolean> {
    const skuIds = plan.map((line) => line.skuId);
    const quantities = plan.map((line) => line.quantity);
    await tx.query('SAVEPOINT reserve_all');
    const updated = await runCount(tx, RESERVE_IF_AVAILABLE, [skuIds, quantities]);
    if (updated !== plan.length) {
      await tx.query('ROLLBACK TO SAVEPOINT reserve_all');
      return false;
    }
    await run(tx, INSERT_RESERVATIONS, [orderId, skuIds, quantities, expiresAt]);
    await tx.query('RELEASE SAVEPOINT reserve_all');
    return true;
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
