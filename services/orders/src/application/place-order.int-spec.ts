import { createTestDatabase, TestDatabase } from '@shop/testing';
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
});
