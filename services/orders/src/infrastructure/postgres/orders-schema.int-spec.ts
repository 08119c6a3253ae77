import { runPipelined } from '@shop/postgres';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { keepEventPartitions } from './event-partitions';
import { OrderSagaRow, PgOrderRepository } from './pg-order.repository';

describe('orders schema constraints', () => {
  let db: TestDatabase;
  let admin: Pool;
  let customerId: string;
  let addressId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
    customerId = (await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('a@example.com', 'A') RETURNING id`)).rows[0].id;
    addressId = (
      await admin.query(
        `INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) VALUES ($1, '1 Main', 'Town', '111', 'US', true) RETURNING id`,
        [customerId],
      )
    ).rows[0].id;
  });
  afterAll(() => db.drop());

  const insertOrder = (overrides: Record<string, unknown>) => {
    const row = { customer_id: customerId, merchant_id: 1, currency: 'USD', subtotal_cents: 1000, tax_cents: 0, shipping_cents: 0, total_cents: 1000,
      shipping_address_id: addressId, item_count: 1, total_units: 1, saga_deadline: new Date().toISOString(), status: 'PENDING', cancelled_at: null, payment_token: 'tok_visa', ...overrides };
    const columns = Object.keys(row);
    return admin.query(`INSERT INTO orders.orders (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`, Object.values(row));
  };

  it('accepts a consistent order', async () => {
    await expect(insertOrder({})).resolves.toBeDefined();
  });

  it.each([
    ['total is not subtotal + tax + shipping', { total_cents: 999 }, /orders_total_is_sum/],
    ['negative money', { subtotal_cents: -1, total_cents: -1 }, /check constraint/],
    ['unknown status', { status: 'LOST' }, /check constraint/],
    ['lower-case currency', { currency: 'usd' }, /check constraint/],
    ['cancelled without cancelled_at', { status: 'CANCELLED' }, /orders_cancelled_at_matches/],
    ['cancelled_at on an active order', { cancelled_at: new Date().toISOString() }, /orders_cancelled_at_matches/],
    ['fractional cents', { subtotal_cents: 10.5, total_cents: 10.5 }, /invalid input syntax for type bigint/],
  ])('refuses an order whose %s', async (_case, overrides, error) => {
    await expect(insertOrder(overrides)).rejects.toThrow(error);
  });

  it('refuses a saved address without a customer, and any change to a snapshot', async () => {
    await expect(
      admin.query(`INSERT INTO orders.addresses (line1, city, postal_code, country_code, is_snapshot) VALUES ('x', 'y', '1', 'US', false)`),
    ).rejects.toThrow(/addresses_saved_has_customer/);
    await expect(admin.query(`UPDATE orders.addresses SET city = 'Elsewhere' WHERE id = $1`, [addressId])).rejects.toThrow(/snapshot and cannot change/);
  });

  it('refuses two line items for one SKU in an order and quantities outside 1..1000', async () => {
    const orderId = (await insertOrder({})).rows[0].id;
    const line = (sku: number, quantity: number) =>
      admin.query(
        `INSERT INTO orders.order_line_items (order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code) VALUES ($1, $2, $3, 100, 'USD', 'n', 'c')`,
        [orderId, sku, quantity],
      );
    await line(1, 1);
    await expect(line(1, 2)).rejects.toThrow(/order_line_items_order_sku_key/);
    await expect(line(2, 0)).rejects.toThrow(/check constraint/);
    await expect(line(3, 1001)).rejects.toThrow(/check constraint/);
  });

  it('keeps the event log append-only for every role, the superuser included', async () => {
    await admin.query(
      `INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload) VALUES (gen_random_uuid(), 1, '1', 'orders.order-placed', 1, 1, 'test', '{}')`,
    );
    await expect(admin.query(`UPDATE orders.order_events SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`DELETE FROM orders.order_events`)).rejects.toThrow(/append-only/);
    await expect(db.pool('orders_svc').query(`DELETE FROM orders.order_events`)).rejects.toThrow(/permission denied|append-only/);
  });

  it('partitions the event log by month, creates partitions ahead on demand, and routes rows by created_at', async () => {
    const partitions = async () =>
      (
        await admin.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'orders.order_events'::regclass ORDER BY 1`,
        )
      ).rows.map((row) => row.name);
    const month = (offset: number) => {
      const date = new Date();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + offset);
      return `order_events_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    expect(await partitions()).toEqual(expect.arrayContaining([month(-1), month(0), month(1), month(2), month(3), 'order_events_default']));
    const created = await db.pool('orders_svc').query(`SELECT orders.ensure_event_partitions('2031-01-01', 2) AS n`);
    expect(created.rows[0].n).toBe(2);
    expect((await db.pool('orders_svc').query(`SELECT orders.ensure_event_partitions('2031-01-01', 2) AS n`)).rows[0].n).toBe(0);
    await admin.query(
      `INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload, created_at) VALUES (gen_random_uuid(), 2, '2', 'orders.order-placed', 1, 1, 'test', '{}', '2031-02-10')`,
    );
    const where = await admin.query(`SELECT tableoid::regclass::text AS part FROM orders.order_events WHERE order_id = 2`);
    expect(where.rows[0].part).toBe('orders.order_events_2031_02');
  });

  it('creates a month whose events landed in the default partition by moving them, keeps them append-only and goes on to the next months', async () => {
    const orders = db.pool('orders_svc');
    const insert = (orderId: number, createdAt: string) =>
      admin.query<{ id: string; txid: string }>(
        `INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload, created_at)
         VALUES (gen_random_uuid(), $1::bigint, $1::text, 'orders.order-placed', 1, 1, 'test', '{}', $2) RETURNING id, txid::text`,
        [orderId, createdAt],
      );
    const stray = (await insert(9001, '2033-03-05')).rows[0];
    await insert(9002, '2033-07-01');
    const placeOf = async (orderId: number) =>
      (await admin.query(`SELECT tableoid::regclass::text AS part, id, txid::text FROM orders.order_events WHERE order_id = $1`, [orderId])).rows;
    expect(await placeOf(9001)).toEqual([{ part: 'orders.order_events_default', id: stray.id, txid: stray.txid }]);

    const client = await orders.connect();
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    try {
      expect((await client.query(`SELECT orders.ensure_event_partitions('2033-02-01', 4) AS n`)).rows[0].n).toBe(4);
    } finally {
      client.release();
    }
    expect(notices).toEqual([expect.stringMatching(/moved 1 order events of 2033-03 .* into orders\.order_events_2033_03/)]);
    // The same row, id and txid (no reader's position moves), now in its month; the other month's row stays put.
    expect(await placeOf(9001)).toEqual([{ part: 'orders.order_events_2033_03', id: stray.id, txid: stray.txid }]);
    expect((await placeOf(9002))[0].part).toBe('orders.order_events_default');
    await expect(admin.query(`DELETE FROM orders.order_events WHERE order_id IN (9001, 9002)`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`UPDATE orders.order_events_default SET actor = 'x' WHERE order_id = 9002`)).rejects.toThrow(/append-only/);
    expect((await orders.query(`SELECT orders.ensure_event_partitions('2033-07-01', 1) AS n`)).rows[0].n).toBe(1);
    expect((await placeOf(9002))[0].part).toBe('orders.order_events_2033_07');
    expect((await admin.query(`SELECT count(*)::int AS n FROM orders.order_events_default`)).rows[0].n).toBe(0);

    // The service's hourly worker logs the move, so an operator learns that events went without a partition.
    const inFiveMonths = new Date();
    inFiveMonths.setUTCDate(3);
    inFiveMonths.setUTCMonth(inFiveMonths.getUTCMonth() + 5);
    await insert(9003, inFiveMonths.toISOString());
    const logged: Array<[string, unknown]> = [];
    const logger = { warn: (fields: unknown, message: string) => logged.push([message, fields]), info: (fields: unknown, message: string) => logged.push([message, fields]) };
    expect(await keepEventPartitions(orders, logger as unknown as Logger, 6)).toBe(2);
    expect(logged).toEqual([
      [expect.stringMatching(/^moved 1 order events of \d{4}-\d{2} out of orders\.order_events_default/), { worker: 'event-partitions' }],
      ['event log partitions created', { worker: 'event-partitions', created: 2 }],
    ]);
    expect((await placeOf(9003))[0].part).not.toBe('orders.order_events_default');
  });

  it('has the indexes the access patterns need', async () => {
    const { rows } = await admin.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'orders' AND tablename = 'orders'`);
    const definitions = rows.map((row) => row.indexdef).join('\n');
    expect(definitions).toMatch(/\(customer_id, placed_at DESC, id DESC\)/);
    expect(definitions).toMatch(/WHERE \(\(status\)::text = ANY \(\(ARRAY\['PENDING'::character varying, 'CONFIRMED'::character varying\]\)::text\[\]\)\)/);
  });

  it('locks and reads the same saga rows from the batch prefetch step, pipelined, as from lockManyForSaga', async () => {
    const ids = [(await insertOrder({})).rows[0].id, (await insertOrder({})).rows[0].id];
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      const direct = await new PgOrderRepository().lockManyForSaga(client, ids); // prepares the statement
      const [fetched] = (await runPipelined(client, [PgOrderRepository.lockManyForSagaStep([ids[1], ids[0], '999999'])])) as OrderSagaRow[][];
      await client.query('COMMIT');
      expect(fetched.map((row) => row.id)).toEqual(ids);
      expect(fetched).toEqual(direct);
      expect(typeof fetched[0].version).toBe('number');
      expect(fetched[0].saga_deadline).toBeInstanceOf(Date);
    } finally {
      client.release();
    }
  });
});
