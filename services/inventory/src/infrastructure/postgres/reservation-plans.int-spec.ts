import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { PoolClient } from 'pg';
import { CLOSE_RESERVATIONS, EXPIRED, ORDER_SKUS, PIN } from './pg-stock.repository';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

const ACTIVE_ORDERS = 5_000;

// Statistics taken while the table was nearly empty, then thousands of active reservations: a busy hour between
// two autovacuum analyses. Lookups by order must still touch only the rows of the orders asked for.
describe('reservation lookups by order under stale statistics', () => {
  let db: TestDatabase;
  let client: PoolClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.pool('admin').connect();
    await client.query(`ALTER TABLE inventory.reservations SET (autovacuum_enabled = false)`);
    const { rows } = await client.query<{ id: string }>(
      `WITH p AS (INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Plan widget') RETURNING id)
       INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, 'PLAN-1', 100, 'USD', 1000000 FROM p RETURNING id::text`,
    );
    await client.query(`INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at) VALUES (1, $1, 1, now() + interval '15 minutes')`, [rows[0].id]);
    await client.query('ANALYZE inventory.reservations');
    await client.query(
      `INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at) SELECT n, $1, 1, now() + interval '15 minutes' FROM generate_series(2, $2::int) AS n`,
      [rows[0].id, ACTIVE_ORDERS],
    );
  });
  afterAll(async () => {
    client.release();
    await db.drop();
  });

  async function plan(text: string, params: unknown[], before?: string): Promise<PlanNode[]> {
    await client.query('BEGIN');
    try {
      if (before) await client.query(before);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
      return nodes(rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await client.query('ROLLBACK');
    }
  }

  const fifty = Array.from({ length: 50 }, (_, index) => String(1_000 + index * 7));

  it.each([
    { name: 'pin a batch of confirmed orders', text: PIN.text, params: [fifty], rows: 50 },
    { name: 'close one order (release or ship)', text: CLOSE_RESERVATIONS.text, params: ['2500', 'RELEASED'], rows: 1 },
    { name: "one order's active SKUs", text: ORDER_SKUS.text, params: ['2500'], rows: 1 },
  ])('$name reads only those orders\' rows', async ({ text, params, rows }) => {
    const scans = (await plan(text, params)).filter((node) => /Scan/.test(node['Node Type']));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(scan['Node Type']).not.toBe('Seq Scan');
      expect(scan['Actual Rows']).toBeLessThanOrEqual(rows);
      expect(scan['Rows Removed by Filter'] ?? 0).toBe(0);
    }
  });

  it('the expiry sweeper reads only the expired reservations, not the pinned ones held until shipping', async () => {
    const pinMostExpireThree = `UPDATE inventory.reservations SET expires_at = CASE WHEN order_id <= 3 THEN now() - interval '1 minute'
      WHEN order_id > 100 THEN 'infinity' ELSE expires_at END`;
    // Statistics that know most reservations are pinned: autovacuum analyses a table where this has gone on.
    const planned = await plan(EXPIRED.text, [new Date(), 200], `${pinMostExpireThree}; ANALYZE inventory.reservations`);
    const scans = planned.filter((node) => /Scan/.test(node['Node Type']));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(scan['Node Type']).not.toBe('Seq Scan');
      expect(scan['Actual Rows']).toBe(3);
      expect(scan['Rows Removed by Filter'] ?? 0).toBe(0);
    }
  });
});
