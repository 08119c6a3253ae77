import { createTestDatabase, TestDatabase } from '@shop/testing';
import { runInvariantChecks } from '../invariants/run-checks';
import { seedDatabase } from './seed-database';

jest.setTimeout(180_000);

describe('seedDatabase', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const count = async (sql: string) => Number((await db.pool('admin').query(sql)).rows[0].n);

  it('loads consistent history that every platform invariant accepts', async () => {
    const report = await seedDatabase(db.adminUrl, { orders: 3_000, seed: 11 });
    expect(await count('SELECT count(*) AS n FROM orders.orders')).toBe(3_000);
    expect(await count('SELECT count(*) AS n FROM orders.order_events')).toBe(report.counts.ids.event);
    expect(await count('SELECT count(*) AS n FROM readmodels.order_timeline')).toBe(report.counts.ids.event);
    expect(await count(`SELECT count(*) AS n FROM readmodels.fulfillment_queue`)).toBe(await count(`SELECT count(*) AS n FROM orders.orders WHERE status IN ('PENDING', 'CONFIRMED')`));
    const results = await runInvariantChecks(db.adminUrl, 0);
    expect(results.filter((result) => result.violations > 0)).toEqual([]);
  });

  it('leaves no dangling reference behind, although it loads with the foreign-key triggers off', async () => {
    const admin = db.pool('admin');
    const { rows: keys } = await admin.query<{ child: string; column: string; parent: string; referenced: string }>(`
      SELECT c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent, p.attname AS referenced
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.connamespace::regnamespace::text IN ('orders', 'inventory', 'payments')`);
    expect(keys.length).toBeGreaterThanOrEqual(5);
    const dangling: string[] = [];
    for (const key of keys) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${key.child} c WHERE c.${key.column} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE p.${key.referenced} = c.${key.column})`);
      if (rows[0].n > 0) dangling.push(`${key.child}.${key.column}: ${rows[0].n}`);
    }
    expect(dangling).toEqual([]);
  });

  it('gives every seeded event a traceparent, in its row and its envelope (Debezium sends the column as a header)', async () => {
    const admin = db.pool('admin');
    for (const table of ['orders.order_events', 'inventory.outbox', 'payments.outbox']) {
      const { rows } = await admin.query(`SELECT count(*)::int AS events, count(*) FILTER (WHERE traceparent IS NULL OR traceparent <> payload->>'traceparent')::int AS missing FROM ${table}`);
      expect([table, rows[0].events > 0, rows[0].missing]).toEqual([table, true, 0]);
    }
  });

  it('spreads events over monthly partitions, one per month of the year', async () => {
    const months = await count(`SELECT count(DISTINCT tableoid) AS n FROM orders.order_events`);
    expect(months).toBeGreaterThanOrEqual(12);
    expect(await count(`SELECT count(*) AS n FROM orders.order_events_default`)).toBe(0);
  });

  it('leaves the services ids after the seeded ones and a second run adds beside the first', async () => {
    const admin = db.pool('admin');
    const maxOrder = await count('SELECT max(id) AS n FROM orders.orders');
    const { rows } = await db.pool('orders_svc').query(`INSERT INTO orders.customers (email, full_name) VALUES ('after-seed@example.com', 'After Seed') RETURNING id`);
    expect(Number(rows[0].id)).toBeGreaterThan(await count(`SELECT max(id) AS n FROM orders.customers WHERE email <> 'after-seed@example.com'`));
    await seedDatabase(db.adminUrl, { orders: 500, seed: 11 });
    expect(await count('SELECT count(*) AS n FROM orders.orders')).toBe(3_500);
    expect(await count('SELECT min(id) AS n FROM orders.orders WHERE id > ' + maxOrder)).toBe(maxOrder + 1);
    await admin.query(`DELETE FROM orders.customers WHERE email = 'after-seed@example.com'`);
    const results = await runInvariantChecks(db.adminUrl, 0);
    expect(results.filter((result) => result.violations > 0)).toEqual([]);
  });

  it('refuses to seed while a consumer has unread events, and leaves nothing behind', async () => {
    const before = await count('SELECT count(*) AS n FROM orders.orders');
    await db.pool('admin').query(`UPDATE inventory.consumer_checkpoints SET last_txid = '0', last_id = 0 WHERE consumer_group = 'inventory'`);
    await expect(seedDatabase(db.adminUrl, { orders: 100 })).rejects.toThrow(/not idle[\s\S]*group inventory has unread events on orders.order_events/);
    expect(await count('SELECT count(*) AS n FROM orders.orders')).toBe(before);
  });
});
