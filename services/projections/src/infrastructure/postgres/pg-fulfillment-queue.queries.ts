import { Queryable, run, sql } from '@shop/postgres';
import type { OpenStatus } from '../../domain/fulfillment-queue';
import type { QueueCursor } from '../../domain/queue-cursor';

export interface QueuePageRow {
  order_id: string;
  status: OpenStatus;
  placed_at: Date;
  /** placed_at with its microseconds, for the keyset cursor. */
  cursor_at: string;
  customer_id: string;
  total_cents: string;
  currency: string;
}

const COLUMNS = `order_id, status, placed_at, to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
  customer_id, total_cents, currency`;
// Pattern 4: fulfillment_queue_merchant_idx gives the merchant's rows already in (placed_at, order_id) order;
// the keyset condition starts the scan right after the previous page. No sort, no OFFSET.
export const QUEUE_FIRST_PAGE = sql<QueuePageRow>(
  'readmodels.fulfillment_queue.first_page',
  `SELECT ${COLUMNS} FROM readmodels.fulfillment_queue
    WHERE merchant_id = $1 AND status = ANY($2::varchar[])
    ORDER BY placed_at, order_id LIMIT $3`,
);
export const QUEUE_NEXT_PAGE = sql<QueuePageRow>(
  'readmodels.fulfillment_queue.next_page',
  `SELECT ${COLUMNS} FROM readmodels.fulfillment_queue
    WHERE merchant_id = $1 AND status = ANY($2::varchar[]) AND (placed_at, order_id) > ($3::timestamptz, $4::bigint)
    ORDER BY placed_at, order_id LIMIT $5`,
);

/** Read side of the fulfillment queue. */
export class PgFulfillmentQueueQueries {
  page(db: Queryable, merchantId: string, statuses: OpenStatus[], limit: number, after?: QueueCursor): Promise<QueuePageRow[]> {
    return after
      ? run(db, QUEUE_NEXT_PAGE, [merchantId, statuses, after.placedAt, after.orderId, limit])
      : run(db, QUEUE_FIRST_PAGE, [merchantId, statuses, limit]);
  }
}
