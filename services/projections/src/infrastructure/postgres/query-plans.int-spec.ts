import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { PoolClient } from 'pg';
import { seedDatabase } from '../../../../../tools/seed/seed-database';
import { QUEUE_FIRST_PAGE, QUEUE_NEXT_PAGE } from './pg-fulfillment-queue.queries';
import { REVENUE_FOR_ALL, REVENUE_FOR_MERCHANT } from './pg-revenue.queries';
import { TIMELINE_OF_ORDER } from './pg-timeline.queries';

jest.setTimeout(300_000);

// Pattern 1, mirrors orders' PgOrderQueries DETAIL (services/orders/src/infrastructure/postgres/pg-order.queries.ts).
const ORDER_DETAIL = `SELECT o.id, o.customer_id, o.merchant_id, o.status, o.currency, o.subtotal_cents, o.tax_cents, o.shipping_cents, o.total_cents,
        o.item_count, o.total_units, o.payment_attempt, o.placed_at, o.updated_at, o.cancelled_at,
        json_build_object('line1', a.line1, 'line2', a.line2, 'city', a.city, 'state', a.state, 'postal_code', a.postal_code, 'country_code', a.country_code) AS address,
        (SELECT json_agg(json_build_object('sku_id', li.sku_id::text, 'sku_code', li.snapshot_sku_code, 'name', li.snapshot_name,
                'quantity', li.quantity, 'unit_price_cents', li.unit_price_cents, 'currency', li.currency) ORDER BY li.id)
           FROM orders.order_line_items li WHERE li.order_id = o.id) AS lines
   FROM orders.orders o JOIN orders.addresses a ON a.id = o.shipping_address_id
  WHERE o.id = $1`;
// Pattern 2, mirrors orders' HISTORY_AFTER: keyset on orders_customer_placed_idx (customer_id, placed_at DESC, id DESC).
const CUSTOMER_HISTORY = `SELECT id, status, placed_at, total_cents, currency, item_count, total_units FROM orders.orders
  WHERE customer_id = $1 AND (placed_at, id) < ($2::timestamptz, $3::bigint) ORDER BY placed_at DESC, id DESC LIMIT $4`;
// Pattern 3, mirrors inventory's PgCatalogRepository AVAILABILITY.
const SKU_AVAILABILITY = `SELECT id, inventory_count, reserved_count FROM inventory.skus WHERE id = $1`;
// Pattern 8 as the orders service answers it from the log itself (mirrors orders' TIMELINE).
const ORDER_LOG_TIMELINE = `SELECT event_type, from_status, to_status, created_at, actor, reason FROM orders.order_events WHERE order_id = $1 ORDER BY sequence`;
// Pattern 9, mirrors payments' PgPaymentRepository BY_KEY.
const PAYMENT_BY_KEY = `SELECT id, order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, status, provider, provider_token, provider_ref,
  failure_code, captured_at, created_at, updated_at FROM payments.payments WHERE idempotency_key = $1`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Tables of at least this many rows count as large: a sequential scan of one means a missing or unused index. */
const LARGE = 1_000;

describe('query plans of the nine access patterns on seeded data', () => {
  let db: TestDatabase;
  let client: PoolClient;
  let sizes: Map<string, number>;
  const sample: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDatabase(db.adminUrl, { orders: 20_000, seed: 3 });
    client = await db.pool('admin').connect();
    const { rows } = await client.query<{ relname: string; n: string }>(`SELECT c.relname, c.reltuples::bigint::text AS n FROM pg_class c WHERE c.relkind IN ('r', 'p')`);
    sizes = new Map(rows.map((row) => [row.relname, Number(row.n)]));
    const one = async (sql: string) => Object.values((await client.query(sql)).rows[0])[0] as string;
    sample.orderId = await one(`SELECT id::text FROM orders.orders ORDER BY id LIMIT 1 OFFSET 10000`);
    sample.customerId = await one(`SELECT customer_id::text FROM orders.orders GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`);
    sample.skuId = await one(`SELECT id::text FROM inventory.skus ORDER BY id LIMIT 1 OFFSET 100`);
    sample.paymentKey = await one(`SELECT idempotency_key FROM payments.payments ORDER BY id LIMIT 1 OFFSET 5000`);
    sample.merchantId = await one(`SELECT merchant_id::text FROM readmodels.fulfillment_queue GROUP BY merchant_id ORDER BY count(*) DESC LIMIT 1`);
    sample.queueAt = await one(`SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM readmodels.fulfillment_queue WHERE merchant_id = ${sample.merchantId} ORDER BY placed_at LIMIT 1 OFFSET 5`);
    sample.queueOrderId = await one(`SELECT order_id::text FROM readmodels.fulfillment_queue WHERE merchant_id = ${sample.merchantId} ORDER BY placed_at, order_id LIMIT 1 OFFSET 5`);
  });
  afterAll(async () => {
    client?.release();
    await db.drop();
  });

  /** The plan under both the custom plan (first executions) and the generic plan (what a prepared statement settles on). */
  async function plans(sql: string, values: unknown[]): Promise<PlanNode[][]> {
    const result: PlanNode[][] = [];
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      await client.query(`SET plan_cache_mode = ${mode}`);
      await client.query('DEALLOCATE ALL');
      await client.query(`PREPARE pattern AS ${sql}`);
      // EXECUTE takes no bind parameters: the values go in as literals (arrays in their text form).
      const literals = values.map((value) => client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value))).join(', ');
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE pattern(${literals})`);
      result.push(nodes(rows[0]['QUERY PLAN'][0].Plan));
    }
    return result;
  }

  function seqScansOfLargeTables(plan: PlanNode[]): string[] {
    return plan.filter((node) => node['Node Type'] === 'Seq Scan' && (sizes.get(node['Relation Name']!) ?? 0) >= LARGE).map((node) => node['Relation Name']!);
  }

  const indexesOf = (plan: PlanNode[]) => plan.map((node) => node['Index Name']).filter((name): name is string => name !== undefined);

  it('the data is large enough for plans to mean something', () => {
    expect(sizes.get('orders')).toBeGreaterThanOrEqual(19_000);
    expect(sizes.get('order_line_items')).toBeGreaterThan(50_000);
    expect(sizes.get('order_timeline')).toBeGreaterThan(100_000);
    expect(sizes.get('payments')).toBeGreaterThan(19_000);
  });

  it.each([
    ['1: order with lines and address by id', () => [ORDER_DETAIL, [sample.orderId]], ['orders_pkey', 'addresses_pkey', 'order_line_items_order_sku_key'], false],
    ['2: customer history, keyset page', () => [CUSTOMER_HISTORY, [sample.customerId, new Date().toISOString(), '9223372036854775807', 21]], ['orders_customer_placed_idx'], true],
    ['3: SKU availability by id', () => [SKU_AVAILABILITY, [sample.skuId]], ['skus_pkey'], false],
    ['4: fulfillment queue, first page', () => [QUEUE_FIRST_PAGE.text, [sample.merchantId, ['PENDING', 'CONFIRMED'], 101]], ['fulfillment_queue_merchant_idx'], true],
    ['4: fulfillment queue, next page', () => [QUEUE_NEXT_PAGE.text, [sample.merchantId, ['PENDING', 'CONFIRMED'], sample.queueAt, sample.queueOrderId, 101]], ['fulfillment_queue_merchant_idx'], true],
    ['7: revenue of one merchant over a month', () => [REVENUE_FOR_MERCHANT.text, [sample.merchantId, daysAgo(30), daysAgo(0)]], ['revenue_daily_pkey'], true],
    ['7: revenue of every merchant over a week', () => [REVENUE_FOR_ALL.text, [daysAgo(7), daysAgo(0)]], ['revenue_daily_day_idx'], false],
    ['8: timeline from the projection', () => [TIMELINE_OF_ORDER.text, [sample.orderId]], ['order_timeline_pkey'], true],
    ['9: payment by idempotency key', () => [PAYMENT_BY_KEY, [sample.paymentKey]], ['payments_idempotency_key'], false],
  ] as [string, () => [string, unknown[]], string[], boolean][])('pattern %s uses its index, no sequential scan of a large table', async (_name, query, expectedIndexes, orderedByIndex) => {
    const [sql, values] = query();
    for (const plan of await plans(sql, values)) {
      expect(seqScansOfLargeTables(plan)).toEqual([]);
      expect(indexesOf(plan)).toEqual(expect.arrayContaining(expectedIndexes));
      // The index hands rows over in the order asked for: no sort of the matching rows.
      if (orderedByIndex) expect(plan.filter((node) => node['Node Type'] === 'Sort')).toEqual([]);
    }
  });

  it("8: the orders service's own timeline reads each monthly partition through its (order_id, sequence) index", async () => {
    for (const plan of await plans(ORDER_LOG_TIMELINE, [sample.orderId])) {
      expect(seqScansOfLargeTables(plan)).toEqual([]);
      expect(indexesOf(plan).filter((name) => /^order_events_\d{4}_\d{2}_order_id_sequence_idx$/.test(name)).length).toBeGreaterThanOrEqual(12);
    }
  });

  it('the check itself catches a sequential scan of a large table (control)', async () => {
    const [custom] = await plans(`SELECT count(*) FROM orders.order_line_items WHERE snapshot_name = $1`, ['Classic Mug (black, S)']);
    expect(seqScansOfLargeTables(custom)).toEqual(['order_line_items']);
  });
});
