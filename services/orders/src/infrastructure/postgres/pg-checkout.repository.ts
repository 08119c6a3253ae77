import { Queryable, run, runOne, sql } from '@shop/postgres';
import type { CatalogEntry, OrderDraft } from '../../domain/checkout';
import type { AddressFields } from './pg-customer.repository';
import type { OrderLogEntry } from './pg-order.repository';
import { DETAIL_ADDRESS_JSON, DETAIL_LINES_JSON, OrderDetailRow } from './pg-order.queries';

interface CheckoutFactsRow {
  next_order_id: string;
  previous: { requestHash: string; orderId: string } | null;
  customer_exists: boolean;
  saved_address: { line1: string; line2: string | null; city: string; state: string | null; postal_code: string; country_code: string } | null;
  catalog: { skuId: string; merchantId: string; skuCode: string; name: string; priceCents: string; currency: string }[];
}

/*
 * Everything a checkout decides on, in one round trip. The order id is drawn up front so that OrderPlaced can
 * be built (and validated) before the single statement that writes it; an id drawn for a request that then
 * fails or replays is a gap in the sequence, nothing more.
 */
const CHECKOUT_FACTS = sql<CheckoutFactsRow>(
  'orders.checkout.facts',
  `SELECT nextval('orders.orders_id_seq')::text AS next_order_id,
          (SELECT json_build_object('requestHash', request_hash, 'orderId', order_id::text) FROM orders.idempotency_keys
            WHERE scope = $1 AND key = $2 AND expires_at > now()) AS previous,
          EXISTS (SELECT 1 FROM orders.customers WHERE id = $3) AS customer_exists,
          (SELECT json_build_object('line1', line1, 'line2', line2, 'city', city, 'state', state, 'postal_code', postal_code, 'country_code', country_code)
             FROM orders.addresses WHERE id = $4 AND customer_id = $3 AND NOT is_snapshot) AS saved_address,
          (SELECT coalesce(json_agg(json_build_object('skuId', sku_id::text, 'merchantId', merchant_id::text, 'skuCode', sku_code, 'name', name,
                                                      'priceCents', price_cents::text, 'currency', currency)), '[]'::json)
             FROM orders.catalog_skus WHERE sku_id = ANY($5::bigint[])) AS catalog`,
);

/*
 * The whole order in one atomic statement: idempotency key, address snapshot, order (already in its first saga
 * state, version 1), lines and OrderPlaced. The key goes first and gates the rest: when a live key exists (a
 * concurrent request with the same key committed first) nothing is written and no row comes back, and the
 * caller reads that request's answer. Foreign keys between the CTEs are checked at the end of the statement.
 */
const PLACE_ORDER = sql<OrderDetailRow>(
  'orders.checkout.place',
  `WITH idem AS (
     INSERT INTO orders.idempotency_keys (scope, key, request_hash, order_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE orders.idempotency_keys.expires_at <= now()
     RETURNING order_id
   ), address AS (
     INSERT INTO orders.addresses (customer_id, line1, line2, city, state, postal_code, country_code, is_snapshot)
     SELECT $6, $7, $8, $9, $10, $11, $12, true FROM idem
     RETURNING id, line1, line2, city, state, postal_code, country_code
   ), placed AS (
     INSERT INTO orders.orders (id, customer_id, merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, shipping_address_id,
                                item_count, total_units, payment_token, saga_deadline, placed_at, status, saga_step, payment_attempt, version)
     OVERRIDING SYSTEM VALUE
     SELECT $4, $6, $13, $14, $15, $16, $17, $18, address.id, $19, $20, $21, $22, $23, 'PENDING', 'AWAITING_RESERVATION', 0, 1 FROM address
     RETURNING id, customer_id, merchant_id, status, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, item_count, total_units,
               payment_attempt, placed_at, updated_at, cancelled_at
   ), lines AS (
     INSERT INTO orders.order_line_items (order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code)
     SELECT placed.id, l.* FROM placed, unnest($24::bigint[], $25::int[], $26::bigint[], $27::char(3)[], $28::text[], $29::text[]) AS l
     RETURNING id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code
   ), logged AS (
     INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
     SELECT $30, placed.id, placed.id::text, $31, $32, 1, NULL, 'PENDING', $33, NULL, $34, $35 FROM placed
   )
   SELECT p.*, ${DETAIL_ADDRESS_JSON} AS address,
          (SELECT ${DETAIL_LINES_JSON} FROM lines AS li) AS lines
     FROM placed AS p, address AS a`,
);

export interface CheckoutFacts {
  nextOrderId: string;
  previous?: { requestHash: string; orderId: string };
  customerExists: boolean;
  savedAddress?: AddressFields;
  catalog: CatalogEntry[];
}

export interface NewOrder {
  orderId: string;
  scope: string;
  idempotencyKey: string;
  requestHash: string;
  idempotencyTtlSeconds: number;
  customerId: string;
  address: AddressFields;
  draft: OrderDraft;
  paymentToken: string;
  deadline: Date;
  placedAt: Date;
  placed: OrderLogEntry;
}

/** Checkout's reads and its one write; see the statements above for why each is a single round trip. */
export class PgCheckoutRepository {
  async facts(db: Queryable, request: { scope: string; idempotencyKey: string; customerId: string; shippingAddressId?: string; skuIds: string[] }): Promise<CheckoutFacts> {
    const row = (await runOne(db, CHECKOUT_FACTS, [request.scope, request.idempotencyKey, request.customerId, request.shippingAddressId ?? null, request.skuIds]))!;
    const saved = row.saved_address;
    return {
      nextOrderId: row.next_order_id,
      previous: row.previous ?? undefined,
      customerExists: row.customer_exists,
      savedAddress: saved ? { line1: saved.line1, line2: saved.line2, city: saved.city, state: saved.state, postalCode: saved.postal_code, countryCode: saved.country_code } : undefined,
      catalog: row.catalog.map((sku) => ({ ...sku, priceCents: BigInt(sku.priceCents) })),
    };
  }

  /**
   * The new order as the detail query (pattern 1) would read it, built from what the statement wrote; undefined
   * when a live order with this idempotency key got there first (nothing was written).
   */
  async place(db: Queryable, order: NewOrder): Promise<OrderDetailRow | undefined> {
    const { draft, address, placed } = order;
    const rows = await run(db, PLACE_ORDER, [
      order.scope, order.idempotencyKey, order.requestHash, order.orderId, order.idempotencyTtlSeconds,
      order.customerId, address.line1, address.line2 ?? null, address.city, address.state ?? null, address.postalCode, address.countryCode,
      draft.merchantId, draft.currency, draft.subtotalCents.toString(), draft.taxCents.toString(), draft.shippingCents.toString(), draft.totalCents.toString(),
      draft.itemCount, draft.totalUnits, order.paymentToken, order.deadline, order.placedAt,
      draft.lines.map((line) => line.skuId), draft.lines.map((line) => line.quantity), draft.lines.map((line) => line.unitPriceCents.toString()),
      draft.lines.map((line) => line.currency), draft.lines.map((line) => line.name), draft.lines.map((line) => line.skuCode),
      placed.envelope.eventId, placed.envelope.type, placed.envelope.version, placed.actor, JSON.stringify(placed.envelope), placed.envelope.traceparent ?? null,
    ]);
    return rows[0];
  }
}
