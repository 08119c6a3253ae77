import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { OrderDetailCache } from '../domain/order-detail-cache';
import { OrderChangeListener } from './order-change-listener';

/**
 * The listener against the real triggers of the orders and payments schemas: a committed change to an order row or
 * a payment attempt drops that order from the cache, nothing else does, and a lost session turns the cache off.
 */
describe('OrderChangeListener on the real schemas', () => {
  let db: TestDatabase;
  let admin: Pool;
  let cache: OrderDetailCache<string>;
  let listener: OrderChangeListener;
  let orderIds: string[];
  const warnings: string[] = [];

  const fill = (id: string) => cache.fill(id, cache.begin(id), `detail ${id}`, Date.now());
  const cached = (id: string) => cache.get(id, Date.now()) !== undefined;
  const until = (what: string, condition: () => boolean) => waitFor(what, async () => condition() || undefined, 5_000, 10);

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
    const customer = (await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('c@example.com', 'C') RETURNING id`)).rows[0].id;
    const address = (
      await admin.query(
        `INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) VALUES ($1, '1 Main', 'Town', '111', 'US', true) RETURNING id`,
        [customer],
      )
    ).rows[0].id;
    const { rows } = await admin.query<{ id: string }>(
      `INSERT INTO orders.orders (customer_id, merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, shipping_address_id, item_count, total_units, saga_deadline, status, payment_token)
       SELECT $1, 1, 'USD', 1000, 0, 0, 1000, $2, 1, 1, now(), 'PENDING', 'tok_visa' FROM generate_series(1, 3) RETURNING id::text`,
      [customer, address],
    );
    orderIds = rows.map((row) => row.id);
    cache = new OrderDetailCache<string>({ maxEntries: 100, ttlMs: 60_000 });
    // The gateway's own role: it may connect and listen, and read no table.
    listener = new OrderChangeListener(
      db.urlFor('gateway_svc'),
      cache as OrderDetailCache<unknown>,
      pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) }),
      100,
    );
    await listener.start();
  });
  afterAll(async () => {
    await listener.stop();
    await db.drop();
  });

  beforeEach(() => orderIds.forEach(fill));

  it('is on once listening', () => {
    expect(cache.enabled).toBe(true);
    expect(orderIds.every(cached)).toBe(true);
  });

  it('drops the orders an UPDATE of orders.orders changed, once committed, and only those', async () => {
    const [first, second, third] = orderIds;
    const tx = await admin.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`UPDATE orders.orders SET status = 'CONFIRMED' WHERE id = ANY($1::bigint[])`, [[first, second]]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(cached(first)).toBe(true); // not committed yet: nothing announced
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
    await until('both updated orders to be dropped', () => !cached(first) && !cached(second));
    expect(cached(third)).toBe(true);
  });

  it('announces nothing for a rolled-back change', async () => {
    const [first] = orderIds;
    const tx = await admin.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`UPDATE orders.orders SET status = 'CONFIRMED' WHERE id = $1`, [first]);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    // A later committed change to another order proves the listener is caught up past the rollback.
    await admin.query(`UPDATE orders.orders SET updated_at = now() WHERE id = $1`, [orderIds[2]]);
    await until('the later change to be heard', () => !cached(orderIds[2]));
    expect(cached(first)).toBe(true);
  });

  it('drops the order whose payment attempt was added, then the one whose attempt changed', async () => {
    const [first, second] = orderIds;
    const { rows } = await admin.query<{ id: string }>(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id)
       VALUES ($1::bigint, 1, 1, 'k-' || $1::text, 1000, 'USD', 'simulated', 'tok_visa', gen_random_uuid(), gen_random_uuid()) RETURNING id`,
      [first],
    );
    await until('the order to be dropped', () => !cached(first));
    expect(cached(second)).toBe(true);
    fill(first);
    await admin.query(`UPDATE payments.payments SET status = 'FAILED', updated_at = now() WHERE id = $1`, [rows[0].id]);
    await until('the order to be dropped', () => !cached(first));
    expect(cached(second)).toBe(true);
  });

  it('forgets everything when a statement changes more orders than a notification can name', async () => {
    // 7000 bytes of ids: a bulk change says '*' instead of failing the statement.
    await admin.query(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id)
       SELECT 1000000000 + n, 1, 1, 'bulk-' || n, 100, 'USD', 'simulated', 'tok_visa', gen_random_uuid(), gen_random_uuid() FROM generate_series(1, 1000) AS n`,
    );
    await until('everything to be forgotten', () => orderIds.every((id) => !cached(id)));
  });

  it('turns the cache off while its session is lost, and on again (empty) once it listens again', async () => {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gateway-order-changes' AND datname = current_database()`,
    );
    await until('the cache to turn off', () => !cache.enabled);
    expect(fill(orderIds[0])).toBe(false);
    expect(warnings.join('')).toContain('lost its database session');
    await until('the cache to turn on again', () => cache.enabled);
    expect(cache.size).toBe(0);
    fill(orderIds[0]);
    await admin.query(`UPDATE orders.orders SET updated_at = now() WHERE id = $1`, [orderIds[0]]);
    await until('the change after reconnecting to be heard', () => !cached(orderIds[0]));
  });
});
