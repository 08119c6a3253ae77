import { withTransaction } from '@shop/postgres';
import { ProblemError } from '@shop/service-kit';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { OrderCommands } from '../../application/order-commands';
import { OrderQueries } from '../../application/order-queries';
import { PgOrderQueries } from './pg-order.queries';
import { PgOrderRepository } from './pg-order.repository';

/**
 * Tracking numbers against the real schema (migration 0010), as the orders service's role writes them: one order
 * per number, a second claim is a domain outcome (then a 409 that changes nothing), never a database error.
 */
describe('order tracking numbers', () => {
  let db: TestDatabase;
  let admin: Pool;
  let pool: Pool;
  let customerId: string;
  let addressId: string;
  const repository = new PgOrderRepository();
  const context = { requestId: 'req-tracking', actor: 'merchant:m1@merchant:1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
    pool = db.pool('orders_svc');
    customerId = (await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('t@example.com', 'T') RETURNING id::text`)).rows[0].id;
    addressId = (
      await admin.query(
        `INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) VALUES ($1, '1 Main', 'Town', '111', 'US', true) RETURNING id::text`,
        [customerId],
      )
    ).rows[0].id;
  });
  afterAll(() => db.drop());

  /** A paid order, ready to ship. */
  const confirmedOrder = async (): Promise<string> =>
    (
      await admin.query(
        `INSERT INTO orders.orders (customer_id, merchant_id, currency, subtotal_cents, total_cents, shipping_address_id, item_count, total_units,
                                    saga_deadline, status, saga_step, payment_attempt, payment_token)
         VALUES ($1, 1, 'USD', 1000, 1000, $2, 1, 1, now() + interval '15 minutes', 'CONFIRMED', 'DONE', 1, 'tok_visa') RETURNING id::text`,
        [customerId, addressId],
      )
    ).rows[0].id;
  const stored = async (orderId: string) =>
    (await admin.query(`SELECT status, tracking_number, version FROM orders.orders WHERE id = $1`, [orderId])).rows[0];
  const events = async (orderId: string) =>
    (await admin.query(`SELECT event_type, event_version, sequence, payload -> 'payload' AS payload FROM orders.order_events WHERE order_id = $1 ORDER BY sequence`, [orderId])).rows;

  describe('PgOrderRepository.setTrackingNumber', () => {
    it('records a number, and answers a number another order has with tracking-number-taken instead of throwing', async () => {
      const first = await confirmedOrder();
      const second = await confirmedOrder();
      await expect(withTransaction(pool, (tx) => repository.setTrackingNumber(tx, first, 'REPO-1'))).resolves.toEqual({ ok: true, value: undefined });
      expect((await stored(first)).tracking_number).toBe('REPO-1');
      const taken = await withTransaction(pool, async (tx) => {
        const result = await repository.setTrackingNumber(tx, second, 'REPO-1');
        // The failed statement aborted the transaction: rolling it back is all that is left (the command does so by throwing).
        if (!result.ok) throw Object.assign(new Error('rolled back'), { result });
        return result;
      }).catch((error: { result?: unknown }) => error.result);
      expect(taken).toEqual({ ok: false, error: 'tracking-number-taken' });
      expect((await stored(second)).tracking_number).toBeNull();
    });

    it.each([
      ['an empty string', ''],
      ['a leading space', ' REPO-2'],
      ['101 characters', 'R'.repeat(101)],
    ])('is refused by the schema for %s, whoever writes it', async (_what, value) => {
      const orderId = await confirmedOrder();
      await expect(admin.query(`UPDATE orders.orders SET tracking_number = $2 WHERE id = $1`, [orderId, value])).rejects.toThrow(/orders_tracking_number_trimmed|too long/);
    });

    it('lets any number of orders have none', async () => {
      const orders = [await confirmedOrder(), await confirmedOrder()];
      for (const orderId of orders) expect((await stored(orderId)).tracking_number).toBeNull();
    });
  });

  describe('shipping with a tracking number', () => {
    const commands = () => new OrderCommands(pool, 86_400);

    it('writes the number with the transition and publishes OrderShipped v1, then v2 carrying it', async () => {
      const orderId = await confirmedOrder();
      await commands().transition(orderId, { to: 'SHIPPED', trackingNumber: 'SHIP-1' }, context);
      expect(await stored(orderId)).toEqual({ status: 'SHIPPED', tracking_number: 'SHIP-1', version: 2 });
      expect(await events(orderId)).toEqual([
        { event_type: 'orders.order-shipped', event_version: 1, sequence: 1, payload: expect.not.objectContaining({ trackingNumber: expect.anything() }) },
        { event_type: 'orders.order-shipped', event_version: 2, sequence: 2, payload: expect.objectContaining({ toStatus: 'SHIPPED', trackingNumber: 'SHIP-1' }) },
      ]);
      const detail = await new OrderQueries(pool).detailByTrackingNumber('SHIP-1');
      expect(detail).toMatchObject({ id: orderId, status: 'SHIPPED', trackingNumber: 'SHIP-1' });
      expect(await new OrderQueries(pool).detail(orderId)).toMatchObject({ trackingNumber: 'SHIP-1' });
      // The order's own timeline shows the dual-published shipment once.
      const timeline = await new OrderQueries(pool).timeline(orderId);
      expect(timeline.entries.map((entry) => [entry.type, entry.toStatus])).toEqual([['orders.order-shipped', 'SHIPPED']]);
    });

    it('ships without a number: v2 leaves the field out and the detail shows null', async () => {
      const orderId = await confirmedOrder();
      await commands().transition(orderId, { to: 'SHIPPED' }, context);
      expect(await stored(orderId)).toMatchObject({ status: 'SHIPPED', tracking_number: null });
      expect((await events(orderId)).map((event) => 'trackingNumber' in event.payload)).toEqual([false, false]);
      expect(await new OrderQueries(pool).detail(orderId)).toMatchObject({ trackingNumber: null });
    });

    it('refuses a number another order has with a 409 and leaves the order, its log and its number as they were', async () => {
      const shipped = await confirmedOrder();
      await commands().transition(shipped, { to: 'SHIPPED', trackingNumber: 'SHIP-DUP' }, context);
      const orderId = await confirmedOrder();
      const refused = commands().transition(orderId, { to: 'SHIPPED', trackingNumber: 'SHIP-DUP' }, context);
      await expect(refused).rejects.toBeInstanceOf(ProblemError);
      await expect(refused).rejects.toMatchObject({ status: 409, slug: 'tracking-number-taken', message: 'tracking number "SHIP-DUP" is already on another order' });
      expect(await stored(orderId)).toEqual({ status: 'CONFIRMED', tracking_number: null, version: 0 });
      expect(await events(orderId)).toEqual([]);
      expect((await new OrderQueries(pool).detailByTrackingNumber('SHIP-DUP')).id).toBe(shipped);
    });

    it('refuses a repeated SHIPPED as an illegal transition, as any repeat, and keeps the first number', async () => {
      const orderId = await confirmedOrder();
      await commands().transition(orderId, { to: 'SHIPPED', trackingNumber: 'SHIP-AGAIN' }, context);
      for (const again of [{ to: 'SHIPPED', trackingNumber: 'SHIP-AGAIN' }, { to: 'SHIPPED', trackingNumber: 'SHIP-OTHER' }, { to: 'SHIPPED' }]) {
        await expect(commands().transition(orderId, again, context)).rejects.toMatchObject({ status: 409, slug: 'illegal-transition' });
      }
      expect(await stored(orderId)).toEqual({ status: 'SHIPPED', tracking_number: 'SHIP-AGAIN', version: 2 });
    });

    it('refuses a number with another status (422 naming the field), for a caller that skipped the validation', async () => {
      const orderId = await confirmedOrder();
      await expect(commands().transition(orderId, { to: 'CANCELLED', trackingNumber: 'SHIP-X' }, context)).rejects.toMatchObject({
        status: 422, errors: [{ field: 'trackingNumber', message: 'is allowed only with to SHIPPED' }],
      });
      expect(await stored(orderId)).toMatchObject({ status: 'CONFIRMED', tracking_number: null });
    });
  });

  describe('look-up', () => {
    it('404s a number no order has', async () => {
      await expect(new OrderQueries(pool).detailByTrackingNumber('NOBODY')).rejects.toMatchObject({ status: 404, message: 'order with tracking number "NOBODY" was not found' });
    });

    it('finds the order through the unique partial index', async () => {
      const client = await pool.connect();
      try {
        // A handful of rows would be scanned anyway: the question is whether the index can serve the query at all.
        await client.query('SET enable_seqscan = off');
        const plan = await client.query(`EXPLAIN (FORMAT JSON) ${detailByTrackingNumberSql()}`, ['SHIP-1']);
        expect(JSON.stringify(plan.rows[0])).toContain('orders_tracking_number_key');
      } finally {
        client.release();
      }
    });
  });
});

/** The look-up's statement text, as the repository sends it. */
function detailByTrackingNumberSql(): string {
  let text = '';
  const recorder = { query: (query: { text: string }) => ((text = query.text), Promise.resolve({ rows: [] })) };
  void new PgOrderQueries().detailByTrackingNumber(recorder as never, 'x');
  return text;
}
