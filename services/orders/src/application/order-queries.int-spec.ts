import { ProblemError } from '@shop/service-kit';
import { countingPool, createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { encodeCursor } from '../domain/history-cursor';
import { OrderQueries } from './order-queries';
import { PlaceOrder } from './place-order';

const FIND_CUSTOMER = 'orders.customers.find';

// A customer's history (pattern 2) is a 404 for a customer that does not exist, as the customer's own record is;
// the existence check runs only when the page comes back empty.
describe('OrderQueries.history', () => {
  let db: TestDatabase;
  let pool: Pool;
  const customers: Record<'withOrders' | 'withoutOrders', string> = { withOrders: '', withoutOrders: '' };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('orders_svc');
    const admin = db.pool('admin');
    const insert = `INSERT INTO orders.customers (email, full_name) VALUES ($1, 'H') RETURNING id::text`;
    customers.withOrders = (await admin.query(insert, ['with@example.com'])).rows[0].id;
    customers.withoutOrders = (await admin.query(insert, ['without@example.com'])).rows[0].id;
    await admin.query(`INSERT INTO orders.catalog_skus (sku_id, product_id, merchant_id, sku_code, name, price_cents, currency, version)
      VALUES (601, 1, 9, 'TEA-1', 'Green tea', 1250, 'EUR', 1)`);
    const placeOrder = new PlaceOrder(pool, { reservationTtlSeconds: 900, idempotencyTtlSeconds: 86_400 });
    const address = { line1: '1 Quay St', line2: null, city: 'Cork', state: null, postalCode: 'T12', countryCode: 'IE' };
    for (const key of ['h-1', 'h-2']) {
      const command = { customerId: customers.withOrders, items: [{ skuId: '601', quantity: 1 }], payment: { token: 'tok_visa' }, shippingAddress: address };
      await placeOrder.execute(command, key, { requestId: key, actor: `customer:${customers.withOrders}` });
    }
  });
  afterAll(() => db.drop());

  // A cursor before every order: the page after the last one.
  const pastTheEnd = encodeCursor({ placedAt: '2000-01-01T00:00:00Z', id: '1' });

  it.each([
    { name: 'a customer with orders', customer: 'withOrders', cursor: undefined, items: 2, existenceChecks: 0 },
    { name: 'a customer with orders, past the last page', customer: 'withOrders', cursor: pastTheEnd, items: 0, existenceChecks: 1 },
    { name: 'a customer without orders', customer: 'withoutOrders', cursor: undefined, items: 0, existenceChecks: 1 },
  ] as const)('answers $name with $items items after $existenceChecks existence checks', async ({ customer, cursor, items, existenceChecks }) => {
    const { pool: counting, calls } = countingPool(pool);
    const page = await new OrderQueries(counting).history(customers[customer], 20, cursor);
    expect(page).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(page.items).toHaveLength(items);
    expect(calls.get(FIND_CUSTOMER) ?? 0).toBe(existenceChecks);
  });

  it('refuses the history of a customer that does not exist with 404', async () => {
    const history = new OrderQueries(pool).history('987654321', 20);
    await expect(history).rejects.toBeInstanceOf(ProblemError);
    await expect(history).rejects.toMatchObject({ status: 404, message: 'customer 987654321 was not found' });
  });
});
