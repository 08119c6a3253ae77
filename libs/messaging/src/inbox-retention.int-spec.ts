import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { ConsumerStore } from './consumer-store';
import { pruneInbox } from './inbox-retention';

// Inbox rows are written per order and saga step and were never deleted. Old ones go; a row a pending dead
// letter still relies on, and every row inside the retention, stays.
describe('pruneInbox', () => {
  let db: TestDatabase;
  let admin: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
  });
  afterAll(() => db.drop());

  const insertInbox = async (schema: string, group: string, ageDays: number, count = 1): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID());
    await admin.query(
      `INSERT INTO ${schema}.inbox (consumer_group, event_id, processed_at) SELECT $1, unnest($2::uuid[]), now() - $3::float8 * interval '1 day'`,
      [group, ids, ageDays],
    );
    return ids;
  };
  const inboxIds = async (schema: string): Promise<Set<string>> =>
    new Set((await admin.query<{ event_id: string }>(`SELECT event_id::text FROM ${schema}.inbox`)).rows.map((row) => row.event_id));

  it('deletes the rows past the retention in batches, as the service role, and keeps the rest', async () => {
    const old = await insertInbox('orders', 'orders', 46, 23);
    const edge = await insertInbox('orders', 'orders', 44.9);
    const fresh = await insertInbox('orders', 'orders', 0, 5);
    const otherService = await insertInbox('payments', 'payments', 46, 2);

    const pruned = await pruneInbox(db.pool('orders_svc'), 'orders', 45, { batchSize: 5 });

    expect(pruned).toBe(23);
    const left = await inboxIds('orders');
    for (const id of old) expect(left.has(id)).toBe(false);
    for (const id of [...edge, ...fresh]) expect(left.has(id)).toBe(true);
    expect(await inboxIds('payments')).toEqual(new Set(otherService)); // its own schema only
    expect(await pruneInbox(db.pool('orders_svc'), 'orders', 45, { batchSize: 5 })).toBe(0);
  });

  it('keeps an old row whose event waits as a dead letter (a redrive interrupted after its handler committed)', async () => {
    const [pending, redriven, otherGroup] = await insertInbox('inventory', 'inventory', 90, 3);
    const letter = `INSERT INTO inventory.dead_letters (consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts, redriven_at)
                    VALUES ($1, 'orders.order_events', $2, 'OrderPlaced', 'o-1', '{}', 'boom', 5, $3)`;
    await admin.query(letter, ['inventory', pending, null]);
    await admin.query(letter, ['inventory', redriven, new Date()]);
    await admin.query(letter, ['another-group', otherGroup, null]);

    expect(await pruneInbox(db.pool('inventory_svc'), 'inventory', 45)).toBe(2);
    expect(await inboxIds('inventory')).toEqual(new Set([pending]));
  });

  it('stops after its time budget and leaves the rest to its next run', async () => {
    await insertInbox('orders', 'orders', 60, 30);
    expect(await pruneInbox(db.pool('orders_svc'), 'orders', 45, { batchSize: 10, budgetMs: 0 })).toBe(10);
    expect(await pruneInbox(db.pool('orders_svc'), 'orders', 45, { batchSize: 10 })).toBe(20);
  });

  it('reads one batch of the inbox per statement, however many rows are prunable and letters pending', async () => {
    await insertInbox('payments', 'payments', 60, 20_000);
    await admin.query(
      `INSERT INTO payments.dead_letters (consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts)
       SELECT 'payments', 'orders.order_events', gen_random_uuid(), 'OrderPlaced', 'o', '{}', 'boom', 5 FROM generate_series(1, 2000)`,
    );
    await admin.query('ANALYZE payments.inbox; ANALYZE payments.dead_letters');
    const text = (new ConsumerStore('payments') as unknown as { q: Record<string, { text: string }> }).q.pruneInbox.text;
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [45, 500]);
      await client.query('ROLLBACK');
      const inboxReads: number[] = [];
      const walk = (node: Record<string, any>) => {
        if (node['Relation Name'] === 'inbox' && /Scan/.test(node['Node Type'])) inboxReads.push(node['Actual Rows'] * (node['Actual Loops'] ?? 1));
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(rows[0]['QUERY PLAN'][0].Plan);
      expect(inboxReads.length).toBeGreaterThan(0);
      for (const read of inboxReads) expect(read).toBeLessThanOrEqual(500);
    } finally {
      client.release();
    }
  });
});
