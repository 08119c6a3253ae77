import { countingPool, createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { OrderQueries, orderView } from './order-queries';
import { PlaceOrder } from './place-order';

// The 202 body of a new order is built from checkout's write, not read back: it must be exactly what the
// detail query (pattern 1) reads afterwards.
describe('PlaceOrder', () => {
  let db: TestDatabase;
  let pool: Pool;
  let customerId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('orders_svc');
    const admin = db.pool('admin');
    customerId = (await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('p@example.com', 'P') RETURNING id::text`)).rows[0].id;
    await admin.query(`INSERT INTO orders.catalog_skus (sku_id, product_id, merchant_id, sku_code, name, price_cents, currency, version)
      VALUES (501, 1, 9, 'TEA-1', 'Green tea', 1250, 'EUR', 1), (502, 1, 9, 'MUG-1', 'Mug', 899, 'EUR', 1)`);
  });
  afterAll(() => db.drop());

  it.each([
    { name: 'one line', items: [{ skuId: '501', quantity: 2 }] },
    { name: 'two lines, second first', items: [{ skuId: '502', quantity: 1 }, { skuId: '501', quantity: 3 }] },
  ])('returns the new order as the detail query reads it ($name)', async ({ items }) => {
    const placeOrder = new PlaceOrder(pool, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
    const command = {
      customerId, items, payment: { token: 'tok_visa' },
      shippingAddress: { line1: '1 Quay St', line2: null, city: 'Cork', state: null, postalCode: 'T12', countryCode: 'IE' },
    };
    const key = `place-${items.length}`;
    const placed = await placeOrder.execute(command, key, { requestId: `req-${key}`, actor: `customer:${customerId}` });
    expect(placed.placed).toBeDefined();
    expect(orderView(placed.placed!)).toEqual(await new OrderQueries(pool).detail(placed.orderId));

    // The same key again is a replay: no second write, so nothing to build the body from.
    const replay = await placeOrder.execute(command, key, { requestId: `req-${key}-again`, actor: `customer:${customerId}` });
    expect(replay).toEqual({ orderId: placed.orderId, replayed: true });
  });

  describe('concurrent checkouts', () => {
    const address = { line1: '1 Quay St', line2: null, city: 'Cork', state: null, postalCode: 'T12', countryCode: 'IE' };
    const command = (items: { skuId: string; quantity: number }[], overrides: Record<string, unknown> = {}) => ({ customerId, items, payment: { token: 'tok_visa' }, shippingAddress: address, ...overrides });
    const context = (key: string) => ({ requestId: `req-${key}`, actor: `customer:${customerId}` });

    it('share their read and their write, and each gets its own order with its lines in request order', async () => {
      const { pool: counting, calls } = countingPool(pool);
      const placeOrder = new PlaceOrder(counting, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
      const carts = Array.from({ length: 12 }, (_, index) => (index % 2 ? [{ skuId: '502', quantity: index + 1 }, { skuId: '501', quantity: 1 }] : [{ skuId: '501', quantity: index + 1 }]));
      const results = await Promise.all(carts.map((items, index) => placeOrder.execute(command(items), `group-${index}`, context(`group-${index}`))));

      expect(new Set(results.map((result) => result.orderId)).size).toBe(12);
      for (const [index, result] of results.entries()) {
        const detail = await new OrderQueries(pool).detail(result.orderId);
        expect(orderView(result.placed!)).toEqual(detail);
        expect(detail.lineItems.map((line) => [line.skuId, line.quantity])).toEqual(carts[index].map((item) => [item.skuId, item.quantity]));
      }
      // Each order's OrderPlaced is its own, whatever its position in the group.
      const { rows: logged } = await pool.query(
        `SELECT order_id::text, payload->>'aggregateId' AS aggregate, payload->'payload'->>'orderId' AS "payloadOrder", jsonb_array_length(payload->'payload'->'lines') AS lines
           FROM orders.order_events WHERE order_id = ANY($1::bigint[]) AND event_type = 'orders.order-placed'`,
        [results.map((result) => result.orderId)],
      );
      expect(logged).toHaveLength(12);
      for (const row of logged) {
        expect([row.aggregate, row.payloadOrder]).toEqual([row.order_id, row.order_id]);
        expect(row.lines).toBe(carts[results.findIndex((result) => result.orderId === row.order_id)].length);
      }
      // Twelve checkouts at once: far fewer than twelve reads and twelve writes.
      expect(calls.get('orders.checkout.facts_group')).toBeLessThan(6);
      expect(calls.get('orders.checkout.place_group')).toBeLessThan(6);
    });

    it('with one Idempotency-Key and one body: one order, and the other request replays it', async () => {
      const placeOrder = new PlaceOrder(pool, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
      const [first, second] = await Promise.all([0, 1].map(() => placeOrder.execute(command([{ skuId: '501', quantity: 1 }]), 'same-key', context('same-key'))));
      expect(first.orderId).toBe(second.orderId);
      expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = $1`, [first.orderId]);
      expect(rows[0].n).toBe(1);
    });

    it('with one Idempotency-Key and two bodies: one order, and the other request is refused', async () => {
      const placeOrder = new PlaceOrder(pool, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
      const outcomes = await Promise.allSettled([1, 2].map((quantity) => placeOrder.execute(command([{ skuId: '501', quantity }]), 'reused-key', context('reused-key'))));
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason?.message ?? refused.reason)).toMatch(/different request body/);
    });

    it('fail alone: an order the database refuses takes none of the others with it', async () => {
      const placeOrder = new PlaceOrder(pool, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
      const before = (await pool.query('SELECT count(*)::int AS n FROM orders.orders')).rows[0].n;
      // A lower-case country code passes this class (the API layer checks it) but not the table's CHECK.
      const outcomes = await Promise.allSettled([0, 1, 2, 3].map((index) =>
        placeOrder.execute(command([{ skuId: '501', quantity: 1 }], index === 2 ? { shippingAddress: { ...address, countryCode: 'ie' } } : {}), `alone-${index}`, context(`alone-${index}`))));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((await pool.query('SELECT count(*)::int AS n FROM orders.orders')).rows[0].n).toBe(before + 3);
      expect((await pool.query(`SELECT count(*)::int AS n FROM orders.idempotency_keys WHERE key = 'alone-2'`)).rows[0].n).toBe(0);
    });
  });
});
