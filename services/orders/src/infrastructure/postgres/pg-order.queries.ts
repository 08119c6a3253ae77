import { Queryable, run, runOne, sql } from '@shop/postgres';

export interface OrderDetailRow {
  id: string;
  customer_id: string;
  merchant_id: string;
  status: string;
  currency: string;
  subtotal_cents: string;
  tax_cents: string;
  shipping_cents: string;
  total_cents: string;
  item_count: number;
  total_units: number;
  payment_attempt: number;
  placed_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
  tracking_number: string | null;
  address: { line1: string; line2: string | null; city: string; state: string | null; postal_code: string; country_code: string };
  lines: { sku_id: string; sku_code: string; name: string; quantity: number; unit_price_cents: number; currency: string }[];
}

export interface HistoryRow {
  id: string;
  /** placed_at with its microseconds, for the keyset cursor (a JS Date would drop them and skip rows). */
  cursor_at: string;
  status: string;
  placed_at: Date;
  total_cents: string;
  currency: string;
  item_count: number;
  total_units: number;
}

export interface TimelineRow {
  event_type: string;
  event_version: number;
  from_status: string | null;
  to_status: string | null;
  created_at: Date;
  actor: string;
  reason: string | null;
}

/** The detail's address (alias `a`) and lines (alias `li`) as JSON; checkout's write builds its 202 body with the same. */
export const DETAIL_ADDRESS_JSON = `json_build_object('line1', a.line1, 'line2', a.line2, 'city', a.city, 'state', a.state, 'postal_code', a.postal_code,
                            'country_code', a.country_code)`;
export const DETAIL_LINES_JSON = `json_agg(json_build_object('sku_id', li.sku_id::text, 'sku_code', li.snapshot_sku_code, 'name', li.snapshot_name,
                  'quantity', li.quantity, 'unit_price_cents', li.unit_price_cents, 'currency', li.currency) ORDER BY li.id)`;

// Pattern 1: one round trip; the address snapshot and the lines come as JSON, lines by their primary key order.
const DETAIL_FROM = `SELECT o.id, o.customer_id, o.merchant_id, o.status, o.currency, o.subtotal_cents, o.tax_cents, o.shipping_cents, o.total_cents,
          o.item_count, o.total_units, o.payment_attempt, o.placed_at, o.updated_at, o.cancelled_at, o.tracking_number,
          ${DETAIL_ADDRESS_JSON} AS address,
          (SELECT ${DETAIL_LINES_JSON} FROM orders.order_line_items li WHERE li.order_id = o.id) AS lines
     FROM orders.orders o JOIN orders.addresses a ON a.id = o.shipping_address_id`;
const DETAIL = sql<OrderDetailRow>('orders.orders.detail', `${DETAIL_FROM}\n    WHERE o.id = $1`);
// The same detail found by tracking number, through the unique partial index of migration 0010 (the predicate
// `tracking_number = $1` implies its IS NOT NULL).
const DETAIL_BY_TRACKING_NUMBER = sql<OrderDetailRow>('orders.orders.detail_by_tracking_number', `${DETAIL_FROM}\n    WHERE o.tracking_number = $1`);
const CURSOR_AT = `to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
// Pattern 2: keyset pagination on (placed_at, id) served by orders_customer_placed_idx; no OFFSET.
const HISTORY_FIRST = sql<HistoryRow>(
  'orders.orders.history_first',
  `SELECT id, ${CURSOR_AT}, status, placed_at, total_cents, currency, item_count, total_units FROM orders.orders
    WHERE customer_id = $1 ORDER BY placed_at DESC, id DESC LIMIT $2`,
);
const HISTORY_AFTER = sql<HistoryRow>(
  'orders.orders.history_after',
  `SELECT id, ${CURSOR_AT}, status, placed_at, total_cents, currency, item_count, total_units FROM orders.orders
    WHERE customer_id = $1 AND (placed_at, id) < ($2::timestamptz, $3::bigint) ORDER BY placed_at DESC, id DESC LIMIT $4`,
);
// Pattern 8 from the log itself, so support sees exactly what was recorded.
const TIMELINE = sql<TimelineRow>(
  'orders.order_events.timeline',
  `SELECT event_type, event_version, from_status, to_status, created_at, actor, reason FROM orders.order_events WHERE order_id = $1 ORDER BY sequence`,
);

/** Read side of the orders service (patterns 1, 2 and 8). */
export class PgOrderQueries {
  detail(db: Queryable, orderId: string) {
    return runOne(db, DETAIL, [orderId]);
  }

  detailByTrackingNumber(db: Queryable, trackingNumber: string) {
    return runOne(db, DETAIL_BY_TRACKING_NUMBER, [trackingNumber]);
  }

  history(db: Queryable, customerId: string, limit: number, after?: { placedAt: string; id: string }) {
    return after ? run(db, HISTORY_AFTER, [customerId, after.placedAt, after.id, limit]) : run(db, HISTORY_FIRST, [customerId, limit]);
  }

  timeline(db: Queryable, orderId: string) {
    return run(db, TIMELINE, [orderId]);
  }
}
