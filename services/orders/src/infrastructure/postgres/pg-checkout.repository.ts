import { Queryable, run, sql } from '@shop/postgres';
import type { CatalogEntry, OrderDraft } from '../../domain/checkout';
import type { AddressFields } from './pg-customer.repository';
import type { OrderLogEntry } from './pg-order.repository';
import { DETAIL_ADDRESS_JSON, DETAIL_LINES_JSON, OrderDetailRow } from './pg-order.queries';

interface CheckoutFactsRow {
  next_order_id: string;
  next_address_id: string;
  previous: { requestHash: string; orderId: string } | null;
  customer_exists: boolean;
  saved_address: { line1: string; line2: string | null; city: string; state: string | null; postal_code: string; country_code: string } | null;
  catalog: { skuId: string; merchantId: string; skuCode: string; name: string; priceCents: string; currency: string }[];
}

/*
 * Everything the checkouts of a group decide on, in one round trip, one row per request in request order. The
 * order and address ids are drawn up front so that OrderPlaced can be built (and validated) before the single
 * statement that writes the orders; an id drawn for a request that then fails or replays is a gap, nothing more.
 * SKU ids travel as one comma-separated text per request (a ragged array of arrays has no SQL type).
 */
const CHECKOUT_FACTS = sql<CheckoutFactsRow>(
  'orders.checkout.facts_group',
  `SELECT nextval('orders.orders_id_seq')::text AS next_order_id, nextval('orders.addresses_id_seq')::text AS next_address_id,
          (SELECT json_build_object('requestHash', k.request_hash, 'orderId', k.order_id::text) FROM orders.idempotency_keys AS k
            WHERE k.scope = r.scope AND k.key = r.key AND k.expires_at > now()) AS previous,
          EXISTS (SELECT 1 FROM orders.customers AS c WHERE c.id = r.customer_id) AS customer_exists,
          (SELECT json_build_object('line1', a.line1, 'line2', a.line2, 'city', a.city, 'state', a.state, 'postal_code', a.postal_code, 'country_code', a.country_code)
             FROM orders.addresses AS a WHERE a.id = r.address_id AND a.customer_id = r.customer_id AND NOT a.is_snapshot AND a.deleted_at IS NULL) AS saved_address,
          (SELECT coalesce(json_agg(json_build_object('skuId', s.sku_id::text, 'merchantId', s.merchant_id::text, 'skuCode', s.sku_code, 'name', s.name,
                                                      'priceCents', s.price_cents::text, 'currency', s.currency)), '[]'::json)
             FROM orders.catalog_skus AS s WHERE s.sku_id = ANY(string_to_array(r.sku_ids, ',')::bigint[])) AS catalog
     FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[]) WITH ORDINALITY AS r(scope, key, customer_id, address_id, sku_ids, ord)
    ORDER BY r.ord`,
);

/*
 * A group of orders in one atomic statement: per order its idempotency key, address snapshot, order (already in
 * its first saga state, version 1), lines and OrderPlaced. The keys go first and gate the rest: an order whose
 * live key exists (a concurrent request with the same key committed first) writes nothing and comes back as no
 * row, and its caller reads that request's answer. OrderPlaced envelopes come as one JSON array ($29), the
 * order's by its position. Lines are inserted in request order (their ids order the
 * detail's lines). Foreign keys between the CTEs are checked at the end of the statement. The same key twice in
 * one group fails the statement ("cannot affect row a second time"); GroupCommit then places each order alone.
 */
const PLACE_ORDERS = sql<OrderDetailRow>(
  'orders.checkout.place_group',
  `WITH input AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::bigint[], $7::bigint[],
                          $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                          $14::bigint[], $15::char(3)[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[], $20::int[], $21::int[],
                          $22::text[], $23::timestamptz[], $24::timestamptz[],
                          $25::uuid[], $26::text[], $27::int[], $28::text[], $30::text[]) WITH ORDINALITY
            AS i(scope, key, request_hash, order_id, ttl_seconds, customer_id, address_id,
                 line1, line2, city, state, postal_code, country_code,
                 merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, item_count, total_units,
                 payment_token, saga_deadline, placed_at,
                 event_id, event_type, event_version, actor, traceparent, ord)
   ), idem AS (
     INSERT INTO orders.idempotency_keys (scope, key, request_hash, order_id, expires_at)
     SELECT scope, key, request_hash, order_id, now() + make_interval(secs => ttl_seconds) FROM input
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE orders.idempotency_keys.expires_at <= now()
     RETURNING order_id
   ), accepted AS (
     SELECT input.* FROM input WHERE order_id IN (SELECT order_id FROM idem)
   ), address AS (
     INSERT INTO orders.addresses (id, customer_id, line1, line2, city, state, postal_code, country_code, is_snapshot)
     OVERRIDING SYSTEM VALUE
     SELECT address_id, customer_id, line1, line2, city, state, postal_code, country_code, true FROM accepted
     RETURNING id, line1, line2, city, state, postal_code, country_code
   ), placed AS (
     INSERT INTO orders.orders (id, customer_id, merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, shipping_address_id,
                                item_count, total_units, payment_token, saga_deadline, placed_at, status, saga_step, payment_attempt, version)
     OVERRIDING SYSTEM VALUE
     SELECT order_id, customer_id, merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, address_id,
            item_count, total_units, payment_token, saga_deadline, placed_at, 'PENDING', 'AWAITING_RESERVATION', 0, 1 FROM accepted
     RETURNING id, customer_id, merchant_id, status, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, item_count, total_units,
               payment_attempt, placed_at, updated_at, cancelled_at, tracking_number, shipping_address_id
   ), lines AS (
     INSERT INTO orders.order_line_items (order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code)
     SELECT l.order_id, l.sku_id, l.quantity, l.unit_price_cents, l.currency, l.snapshot_name, l.snapshot_sku_code
       FROM unnest($31::bigint[], $32::bigint[], $33::int[], $34::bigint[], $35::char(3)[], $36::text[], $37::text[]) WITH ORDINALITY
            AS l(order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code, ord)
      WHERE l.order_id IN (SELECT order_id FROM idem)
      ORDER BY l.ord
     RETURNING order_id, id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code
   ), logged AS (
     INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
     SELECT event_id, order_id, order_id::text, event_type, event_version, 1, NULL, 'PENDING', actor, NULL, $29::jsonb -> (ord::int - 1), traceparent FROM accepted
   )
   SELECT p.id, p.customer_id, p.merchant_id, p.status, p.currency, p.subtotal_cents, p.tax_cents, p.shipping_cents, p.total_cents,
          p.item_count, p.total_units, p.payment_attempt, p.placed_at, p.updated_at, p.cancelled_at, p.tracking_number,
          ${DETAIL_ADDRESS_JSON} AS address,
          (SELECT ${DETAIL_LINES_JSON} FROM lines AS li WHERE li.order_id = p.id) AS lines
     FROM placed AS p JOIN address AS a ON a.id = p.shipping_address_id`,
);

export interface CheckoutFactsRequest {
  scope: string;
  idempotencyKey: string;
  customerId: string;
  shippingAddressId?: string;
  skuIds: string[];
}

export interface CheckoutFacts {
  nextOrderId: string;
  nextAddressId: string;
  previous?: { requestHash: string; orderId: string };
  customerExists: boolean;
  savedAddress?: AddressFields;
  catalog: CatalogEntry[];
}

export interface NewOrder {
  orderId: string;
  addressId: string;
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

/** Checkout's reads and its one write, each for a group of concurrent checkouts in one round trip. */
export class PgCheckoutRepository {
  /** One CheckoutFacts per request, in order. */
  async facts(db: Queryable, requests: CheckoutFactsRequest[]): Promise<CheckoutFacts[]> {
    const rows = await run(db, CHECKOUT_FACTS, [
      requests.map((request) => request.scope), requests.map((request) => request.idempotencyKey), requests.map((request) => request.customerId),
      requests.map((request) => request.shippingAddressId ?? null), requests.map((request) => request.skuIds.join(',')),
    ]);
    return rows.map((row) => {
      const saved = row.saved_address;
      return {
        nextOrderId: row.next_order_id,
        nextAddressId: row.next_address_id,
        previous: row.previous ?? undefined,
        customerExists: row.customer_exists,
        savedAddress: saved ? { line1: saved.line1, line2: saved.line2, city: saved.city, state: saved.state, postalCode: saved.postal_code, countryCode: saved.country_code } : undefined,
        catalog: row.catalog.map((sku) => ({ ...sku, priceCents: BigInt(sku.priceCents) })),
      };
    });
  }

  /**
   * Per order, in order: the new order as the detail query (pattern 1) would read it, built from what the
   * statement wrote; undefined when a live order with its idempotency key got there first (nothing was written).
   */
  async place(db: Queryable, orders: NewOrder[]): Promise<(OrderDetailRow | undefined)[]> {
    const column = <T>(pick: (order: NewOrder) => T) => orders.map(pick);
    const lines = orders.flatMap((order) => order.draft.lines.map((line) => ({ orderId: order.orderId, line })));
    const rows = await run(db, PLACE_ORDERS, [
      column((o) => o.scope), column((o) => o.idempotencyKey), column((o) => o.requestHash), column((o) => o.orderId), column((o) => o.idempotencyTtlSeconds),
      column((o) => o.customerId), column((o) => o.addressId),
      column((o) => o.address.line1), column((o) => o.address.line2 ?? null), column((o) => o.address.city), column((o) => o.address.state ?? null),
      column((o) => o.address.postalCode), column((o) => o.address.countryCode),
      column((o) => o.draft.merchantId), column((o) => o.draft.currency), column((o) => o.draft.subtotalCents.toString()), column((o) => o.draft.taxCents.toString()),
      column((o) => o.draft.shippingCents.toString()), column((o) => o.draft.totalCents.toString()), column((o) => o.draft.itemCount), column((o) => o.draft.totalUnits),
      column((o) => o.paymentToken), column((o) => o.deadline), column((o) => o.placedAt),
      column((o) => o.placed.envelope.eventId), column((o) => o.placed.envelope.type), column((o) => o.placed.envelope.version), column((o) => o.placed.actor),
      // The envelopes as one JSON array, picked by position: as a text[] each would be escaped character by
      // character into an array literal (~3% of the orders service's CPU).
      JSON.stringify(orders.map((o) => o.placed.envelope)), column((o) => o.placed.envelope.traceparent ?? null),
      lines.map((entry) => entry.orderId), lines.map((entry) => entry.line.skuId), lines.map((entry) => entry.line.quantity),
      lines.map((entry) => entry.line.unitPriceCents.toString()), lines.map((entry) => entry.line.currency), lines.map((entry) => entry.line.name),
      lines.map((entry) => entry.line.skuCode),
    ]);
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return orders.map((order) => byId.get(order.orderId));
  }
}
