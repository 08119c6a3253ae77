import { aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { OrderCommands } from './order-commands';
import { SagaOutcome, advanceSaga } from './order-saga';
import { PlaceOrder } from './place-order';

// The saga's rules as the database feeds them: the deadline comes from the order row, not from the caller.
describe('the checkout saga on stored orders', () => {
  let db: TestDatabase;
  let pool: Pool;
  let customerId: string;
  const eventContext = { correlationId: 'test', causationId: 'test' };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('orders_svc');
    const admin = db.pool('admin');
    customerId = (await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('s@example.com', 'S') RETURNING id::text`)).rows[0].id;
    await admin.query(`INSERT INTO orders.catalog_skus (sku_id, product_id, merchant_id, sku_code, name, price_cents, currency, version) VALUES (501, 1, 9, 'TEA-1', 'Tea', 1250, 'EUR', 1)`);
  });
  afterAll(() => db.drop());

  const place = async (key: string, reservationTtlSeconds: number) => {
    const placed = await new PlaceOrder(pool, { reservationTtlSeconds, idempotencyTtlSeconds: 86_400 }).execute(
      {
        customerId, items: [{ skuId: '501', quantity: 1 }], payment: { token: 'tok_visa' },
        shippingAddress: { line1: '1 Quay St', line2: null, city: 'Cork', state: null, postalCode: 'T12', countryCode: 'IE' },
      },
      key,
      { requestId: key, actor: `customer:${customerId}` },
    );
    return placed.orderId;
  };
  const step = (orderId: string, input: Parameters<typeof advanceSaga>[2]): Promise<SagaOutcome> =>
    withTransaction(pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('order', orderId)]);
      return advanceSaga(tx, orderId, input, 'system:saga', eventContext);
    });
  const deadlineOf = async (orderId: string) => (await pool.query<{ saga_deadline: Date }>(`SELECT saga_deadline FROM orders.orders WHERE id = $1`, [orderId])).rows[0].saga_deadline;
  const statusOf = async (orderId: string) => (await pool.query(`SELECT status FROM orders.orders WHERE id = $1`, [orderId])).rows[0].status;

  it('cancels, for a refund, a capture that completed after the stored deadline', async () => {
    const orderId = await place('late-capture', 900);
    await step(orderId, { kind: 'stock-reserved', expiresAt: (await deadlineOf(orderId)).toISOString(), at: new Date() });
    const after = new Date((await deadlineOf(orderId)).getTime() + 1_000);
    expect(await step(orderId, { kind: 'payment-captured', attempt: 1, paymentId: '1', amountCents: 1250, at: after })).toMatchObject({ kind: 'apply', state: { status: 'CANCELLED' } });
    expect(await statusOf(orderId)).toBe('CANCELLED');
  });

  it('cancels, without asking for a payment, an order whose stock was reserved after the stored deadline', async () => {
    const orderId = await place('late-reservation', 900);
    const after = new Date((await deadlineOf(orderId)).getTime() + 1_000);
    expect(await step(orderId, { kind: 'stock-reserved', expiresAt: (await deadlineOf(orderId)).toISOString(), at: after })).toMatchObject({ kind: 'apply', state: { status: 'CANCELLED' } });
    const events = await pool.query(`SELECT event_type, to_status FROM orders.order_events WHERE order_id = $1 ORDER BY sequence`, [orderId]);
    expect(events.rows.map((row) => row.event_type)).toEqual(['orders.order-placed', 'orders.inventory-reserved', 'orders.order-cancelled']);
    expect(await statusOf(orderId)).toBe('CANCELLED');
  });

  it('confirms a capture that completed before it', async () => {
    const orderId = await place('in-time-capture', 900);
    await step(orderId, { kind: 'stock-reserved', expiresAt: (await deadlineOf(orderId)).toISOString(), at: new Date() });
    expect(await step(orderId, { kind: 'payment-captured', attempt: 1, paymentId: '2', amountCents: 1250, at: new Date() })).toMatchObject({ kind: 'apply', state: { status: 'CONFIRMED' } });
  });

  it('refuses a payment retry from the deadline on', async () => {
    const orderId = await place('late-retry', 1);
    await step(orderId, { kind: 'stock-reserved', expiresAt: (await deadlineOf(orderId)).toISOString(), at: new Date() });
    await step(orderId, { kind: 'payment-declined', attempt: 1, reason: 'card declined' });
    const waitMs = Math.max(0, (await deadlineOf(orderId)).getTime() - Date.now()) + 50;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const retry = new OrderCommands(pool, 86_400).retryPayment(orderId, 'tok_visa', 'retry-1', { requestId: 'r', actor: `customer:${customerId}` });
    await expect(retry).rejects.toMatchObject({ status: 409 });
    expect((await pool.query(`SELECT payment_attempt FROM orders.orders WHERE id = $1`, [orderId])).rows[0].payment_attempt).toBe(1);
  });

  it('refuses a cancel through a transition whose expectedFrom is stale, and leaves the order as it was', async () => {
    const orderId = await place('stale-cancel', 900);
    const cancel = new OrderCommands(pool, 86_400).transition(orderId, { to: 'CANCELLED', expectedFrom: 'CONFIRMED' }, { requestId: 'r', actor: 'merchant:m' });
    await expect(cancel).rejects.toMatchObject({ status: 409 });
    expect(await statusOf(orderId)).toBe('PENDING');
  });
});
