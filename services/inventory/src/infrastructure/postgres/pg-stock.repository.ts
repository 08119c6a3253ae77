import { PipelineStep, Queryable, Tx, run, runOne, sql } from '@shop/postgres';
import { AllocationDecision, AllocationRequest, allocateInOrder } from '../../domain/batch-allocation';
import { StockLevel, compareIds } from '../../domain/reservation-plan';

const LOCK_SKUS_IN_ORDER = sql<{ sku_id: string; available: number }>(
  'inventory.skus.lock_in_order',
  `SELECT id AS sku_id, inventory_count - reserved_count AS available
     FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
);
// Batch reservation (reserveRun), two statements whatever the run's length. First: lock every SKU of the run
// (ascending id, FOR UPDATE) and read its level, and which orders of the run were decided before: those with
// reservation rows, and those cancelled while nothing was held (a redriven OrderPlaced must not reserve for them).
export interface LevelsAndDecided {
  levels: { sku_id: string; available: number }[];
  decided: string[];
}
const LOCK_LEVELS_AND_DECIDED = sql<LevelsAndDecided>(
  'inventory.skus.lock_levels_and_decided',
  `WITH levels AS (
     SELECT id::text AS sku_id, inventory_count - reserved_count AS available
       FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE)
   SELECT (SELECT coalesce(json_agg(levels), '[]') FROM levels) AS levels,
          (SELECT coalesce(json_agg(order_id::text), '[]') FROM (
             SELECT order_id FROM inventory.reservations WHERE order_id = ANY($2::bigint[])
             UNION SELECT order_id FROM inventory.cancelled_orders WHERE order_id = ANY($2::bigint[])) AS decided_orders) AS decided`,
);
// Then: one UPDATE per SKU row (re-checking availability as a guard) and one INSERT for all reservations.
const TAKE_AND_HOLD = sql<{ taken: number }>(
  'inventory.skus.take_and_hold',
  `WITH taken AS (
     UPDATE inventory.skus AS s SET reserved_count = s.reserved_count + t.quantity, updated_at = now()
       FROM unnest($1::bigint[], $2::int[]) AS t(sku_id, quantity)
      WHERE s.id = t.sku_id AND s.inventory_count - s.reserved_count >= t.quantity
     RETURNING s.id
   ), held AS (
     INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at)
     SELECT * FROM unnest($3::bigint[], $4::bigint[], $5::int[], $6::timestamptz[])
   )
   SELECT count(*)::int AS taken FROM taken`,
);
export const ORDER_SKUS = sql<{ sku_id: string }>(
  'inventory.reservations.order_skus',
  `SELECT sku_id FROM inventory.reservations WHERE order_id = $1 AND status = 'ACTIVE'`,
);
export const CLOSE_RESERVATIONS = sql<{ sku_id: string; quantity: number }>(
  'inventory.reservations.close',
  `UPDATE inventory.reservations SET status = $2, updated_at = now()
    WHERE order_id = $1 AND status = 'ACTIVE' RETURNING sku_id, quantity`,
);
// The safety net's close: a reservation pinned (confirmed) since the sweeper's scan no longer matches, and an UPDATE
// that waited for the pin's row lock re-checks the row as the pin left it.
export const CLOSE_EXPIRED_RESERVATIONS = sql<{ sku_id: string; quantity: number }>(
  'inventory.reservations.close_expired',
  `UPDATE inventory.reservations SET status = 'RELEASED', updated_at = now()
    WHERE order_id = $1 AND status = 'ACTIVE' AND expires_at < $2 RETURNING sku_id, quantity`,
);
const RECORD_CANCELLED = sql(
  'inventory.cancelled_orders.record',
  `INSERT INTO inventory.cancelled_orders (order_id) VALUES ($1) ON CONFLICT (order_id) DO NOTHING`,
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
// A shipped order whose reservation the safety net released (its confirmation came too late to pin it).
const COMMIT_RELEASED = sql<{ sku_id: string; quantity: number }>(
  'inventory.reservations.commit_released',
  `UPDATE inventory.reservations SET status = 'COMMITTED', updated_at = now()
    WHERE order_id = $1 AND status = 'RELEASED' RETURNING sku_id, quantity`,
);
const RELEASED_SKUS = sql<{ sku_id: string }>(
  'inventory.reservations.released_skus',
  `SELECT sku_id FROM inventory.reservations WHERE order_id = $1 AND status = 'RELEASED'`,
);
const TAKE_OFF_COUNT = sql(
  'inventory.skus.take_off_count',
  `UPDATE inventory.skus AS s SET inventory_count = s.inventory_count - r.quantity, updated_at = now()
     FROM unnest($1::bigint[], $2::int[]) AS r(sku_id, quantity) WHERE s.id = r.sku_id`,
);
export const PIN = sql<{ order_id: string }>(
  'inventory.reservations.pin_many',
  `UPDATE inventory.reservations SET expires_at = 'infinity', updated_at = now() WHERE order_id = ANY($1::bigint[]) AND status = 'ACTIVE' RETURNING order_id`,
);
// Longest overdue first. `expires_at < 'infinity'` repeats the predicate of reservations_expiring_idx so a generic
// plan can use it too; ordering by deadline keeps the planner off the index by order, which would read every
// active reservation (pinned ones included) for a DISTINCT it could stop early.
export const EXPIRED = sql<{ order_id: string }>(
  'inventory.reservations.expired',
  `SELECT order_id FROM inventory.reservations
    WHERE status = 'ACTIVE' AND expires_at < $1 AND expires_at < 'infinity'
    GROUP BY order_id ORDER BY min(expires_at) LIMIT $2`,
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
   * Reserves for a run of orders in two statements whatever its length (allocateInOrder decides, in order, all
   * or nothing per order). Returns each order's decision.
   */
  async reserveRun(tx: Tx, requests: (AllocationRequest & { expiresAt: Date })[], prefetched?: LevelsAndDecided): Promise<AllocationDecision[]> {
    const skuIds = [...new Set(requests.flatMap((request) => request.plan.map((line) => line.skuId)))];
    const facts = prefetched ?? (await runOne(tx, LOCK_LEVELS_AND_DECIDED, PgStockRepository.lockLevelsAndDecidedStep(skuIds, requests.map((request) => request.orderId)).values))!;
    const levels = facts.levels.map((row) => ({ skuId: row.sku_id, available: row.available }));
    const { decisions, taken } = allocateInOrder(requests, levels, new Set(facts.decided));
    if (taken.length === 0) return decisions;
    const expiresBy = new Map(requests.map((request) => [request.orderId, request.expiresAt]));
    const held = decisions.flatMap((decision) => (decision.outcome === 'reserved' ? decision.plan.map((line) => ({ orderId: decision.orderId, ...line })) : []));
    const updated = (await runOne(tx, TAKE_AND_HOLD, [
      taken.map((line) => line.skuId), taken.map((line) => line.quantity),
      held.map((line) => line.orderId), held.map((line) => line.skuId), held.map((line) => line.quantity), held.map((line) => expiresBy.get(line.orderId)!),
    ]))!.taken;
    // Under the locks taken above this cannot happen; if it did, throwing rolls the reservations back too.
    if (updated !== taken.length) throw new Error(`batch reservation updated ${updated} of ${taken.length} SKUs under lock`);
    return decisions;
  }

  /**
   * The first statement of reserveRun as a pipeline step, for a consumer batch's prefetch (sent with its BEGIN):
   * `skuIds` and `orderIds` must cover the run's (reserveRun then uses its result instead of reading).
   */
  static lockLevelsAndDecidedStep(skuIds: readonly string[], orderIds: readonly string[]): PipelineStep {
    return { query: LOCK_LEVELS_AND_DECIDED, values: [[...skuIds].sort(compareIds), orderIds] };
  }

  /** Closes the order's active reservations as RELEASED (back to sale) or COMMITTED (shipped); returns units moved. */
  async close(tx: Tx, orderId: string, outcome: 'RELEASED' | 'COMMITTED'): Promise<number> {
    return this.closeWith(tx, orderId, outcome === 'RELEASED' ? RETURN_TO_SALE : SHIP_OUT, CLOSE_RESERVATIONS, [orderId, outcome]);
  }

  /**
   * A shipped order that holds nothing because its reservation was released as expired: the units left the
   * warehouse all the same, so they come off the count (they were back on sale, not held). Fails, changing
   * nothing, when those units were sold again meanwhile (the count would fall below what is reserved).
   */
  async commitReleased(tx: Tx, orderId: string): Promise<{ skuId: string; quantity: number }[]> {
    const skus = await run(tx, RELEASED_SKUS, [orderId]);
    if (skus.length === 0) return [];
    await this.lockInOrder(tx, skus.map((row) => row.sku_id));
    const committed = await run(tx, COMMIT_RELEASED, [orderId]);
    if (committed.length === 0) return [];
    try {
      await run(tx, TAKE_OFF_COUNT, [committed.map((row) => row.sku_id), committed.map((row) => row.quantity)]);
    } catch (error) {
      if ((error as { code?: string }).code !== '23514') throw error; // check_violation
      const lines = committed.map((row) => `${row.quantity} of SKU ${row.sku_id}`).join(', ');
      throw new Error(`order ${orderId} shipped ${lines}, released when its reservation expired and reserved again since: restock, then redrive this event`);
    }
    return committed.map((row) => ({ skuId: row.sku_id, quantity: row.quantity }));
  }

  /** Notes an order cancelled with nothing held, so that a late OrderPlaced for it (a redrive) reserves nothing. */
  async recordCancelled(tx: Tx, orderId: string): Promise<void> {
    await run(tx, RECORD_CANCELLED, [orderId]);
  }

  /** Releases the order's reservations that are still active and expired before `before` (none once pinned). */
  async releaseExpired(tx: Tx, orderId: string, before: Date): Promise<number> {
    return this.closeWith(tx, orderId, RETURN_TO_SALE, CLOSE_EXPIRED_RESERVATIONS, [orderId, before]);
  }

  private async closeWith(tx: Tx, orderId: string, move: typeof RETURN_TO_SALE, closing: typeof CLOSE_RESERVATIONS, values: unknown[]): Promise<number> {
    const skus = await run(tx, ORDER_SKUS, [orderId]);
    if (skus.length === 0) return 0;
    await this.lockInOrder(tx, skus.map((row) => row.sku_id));
    const closed = await run(tx, closing, values);
    if (closed.length === 0) return 0;
    await run(tx, move, [closed.map((row) => row.sku_id), closed.map((row) => row.quantity)]);
    return closed.reduce((units, row) => units + row.quantity, 0);
  }

  /**
   * A confirmed (paid) order's stock is held until it ships or is cancelled: it no longer expires. Answers the
   * orders that had nothing active to pin.
   */
  async pin(tx: Tx, orderIds: readonly string[]): Promise<string[]> {
    const pinned = new Set((await run(tx, PIN, [orderIds])).map((row) => String(row.order_id)));
    return [...new Set(orderIds)].filter((orderId) => !pinned.has(orderId));
  }

  async expiredOrderIds(db: Queryable, before: Date, limit: number): Promise<string[]> {
    return (await run(db, EXPIRED, [before, limit])).map((row) => row.order_id);
  }
}
