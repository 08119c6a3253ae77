import { runPipelined, withTransaction } from '@shop/postgres';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { planReservation } from '../../domain/reservation-plan';
import { LevelsAndDecided, PgStockRepository } from './pg-stock.repository';

describe('PgStockRepository under concurrency', () => {
  let db: TestDatabase;
  let pool: Pool;
  const stock = new PgStockRepository();

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    await db.pool('admin').query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Hot item')`);
  });
  afterAll(() => db.drop());

  async function sku(code: string, count: number): Promise<string> {
    const { rows } = await db.pool('admin').query(
      `INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, $1, 100, 'USD', $2 FROM inventory.products LIMIT 1 RETURNING id`,
      [code, count],
    );
    return rows[0].id;
  }

  async function reserve(orderId: number, lines: { skuId: string; quantity: number }[]): Promise<boolean> {
    return withTransaction(db.pool('inventory_svc'), async (tx) => {
      const [decision] = await stock.reserveRun(tx, [{ orderId: String(orderId), plan: planReservation(lines), expiresAt: new Date(Date.now() + 60_000) }]);
      return decision.outcome === 'reserved';
    });
  }

  it('never oversells and never deadlocks when many orders share SKUs in opposite orders', async () => {
    const a = await sku('A', 20);
    const b = await sku('B', 30);
    // Half the orders list A first, half B first: without id-ordered locking this deadlocks.
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, index) => reserve(1000 + index, index % 2 === 0 ? [{ skuId: a, quantity: 1 }, { skuId: b, quantity: 1 }] : [{ skuId: b, quantity: 1 }, { skuId: a, quantity: 1 }])),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(20);
    const { rows } = await pool.query(`SELECT sku_code, inventory_count, reserved_count FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY sku_code`, [[a, b]]);
    expect(rows).toEqual([
      { sku_code: 'A', inventory_count: 20, reserved_count: 20 },
      { sku_code: 'B', inventory_count: 30, reserved_count: 20 },
    ]);
    const held = await pool.query(`SELECT sku_id::text, sum(quantity)::int AS units FROM inventory.reservations WHERE status = 'ACTIVE' GROUP BY sku_id ORDER BY sku_id`);
    expect(held.rows).toEqual([{ sku_id: a, units: 20 }, { sku_id: b, units: 20 }]);
  });

  it('pins the active reservations of a run of confirmed orders, and only those', async () => {
    const item = await sku('PIN', 10);
    for (const orderId of [9600, 9601, 9602]) expect(await reserve(orderId, [{ skuId: item, quantity: 1 }])).toBe(true);
    const unpinned = await withTransaction(pool, async (tx) => {
      await stock.close(tx, '9602', 'RELEASED');
      return stock.pin(tx, ['9600', '9602', '9601', '9600']);
    });
    expect(unpinned).toEqual(['9602']);
    const { rows } = await pool.query(`SELECT order_id::int, status, expires_at = 'infinity' AS pinned FROM inventory.reservations WHERE order_id BETWEEN 9600 AND 9602 ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: 9600, status: 'ACTIVE', pinned: true },
      { order_id: 9601, status: 'ACTIVE', pinned: true },
      { order_id: 9602, status: 'RELEASED', pinned: false },
    ]);
  });

  it('reserves all lines or none', async () => {
    const plenty = await sku('P', 10);
    const scarce = await sku('S', 1);
    expect(await reserve(5000, [{ skuId: plenty, quantity: 3 }, { skuId: scarce, quantity: 2 }])).toBe(false);
    const { rows } = await pool.query(`SELECT reserved_count FROM inventory.skus WHERE id = ANY($1::bigint[]) ORDER BY id`, [[plenty, scarce]]);
    expect(rows).toEqual([{ reserved_count: 0 }, { reserved_count: 0 }]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM inventory.reservations WHERE order_id = 5000`)).rows[0].n).toBe(0);
  });

  it('reserves nothing twice for the same order', async () => {
    const item = await sku('T', 5);
    expect(await reserve(7000, [{ skuId: item, quantity: 2 }])).toBe(true);
    const again = await withTransaction(pool, (tx) => stock.reserveRun(tx, [{ orderId: '7000', plan: [{ skuId: item, quantity: 2 }], expiresAt: new Date() }]));
    expect(again).toEqual([{ orderId: '7000', outcome: 'already' }]);
    expect((await pool.query(`SELECT reserved_count FROM inventory.skus WHERE id = $1`, [item])).rows[0].reserved_count).toBe(2);
  });

  it('reports unknown SKUs as not reservable', async () => {
    const result = await withTransaction(pool, (tx) => stock.reserveRun(tx, [{ orderId: '7100', plan: [{ skuId: '999999', quantity: 1 }], expiresAt: new Date() }]));
    expect(result).toEqual([{ orderId: '7100', outcome: 'rejected', reason: 'UNKNOWN_SKU', shortages: [{ skuId: '999999', requested: 1, available: 0 }] }]);
  });

  it('decides a run of orders on one hot SKU in order, first come first served, racing other runs without oversell', async () => {
    const hot = await sku('HOT', 30);
    const run = (first: number) => withTransaction(pool, (tx) =>
      stock.reserveRun(tx, Array.from({ length: 25 }, (_, index) => ({ orderId: String(first + index), plan: [{ skuId: hot, quantity: 1 }], expiresAt: new Date(Date.now() + 60_000) }))));
    const runs = await Promise.all([run(8000), run(8100)]);
    const outcomes = runs.flat().map((decision) => decision.outcome);
    expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(30);
    expect(outcomes.filter((outcome) => outcome === 'rejected')).toHaveLength(20);
    // Within a run, the earlier orders win: once one is rejected, every later one is too.
    for (const decisions of runs) {
      const firstRejected = decisions.findIndex((decision) => decision.outcome === 'rejected');
      if (firstRejected >= 0) expect(decisions.slice(firstRejected).every((decision) => decision.outcome === 'rejected')).toBe(true);
    }
    const { rows } = await pool.query(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [hot]);
    expect(rows[0]).toEqual({ inventory_count: 30, reserved_count: 30 });
    expect((await pool.query(`SELECT count(*)::int AS n FROM inventory.reservations WHERE sku_id = $1`, [hot])).rows[0].n).toBe(30);
  });

  it('releases and commits only what an order holds', async () => {
    const item = await sku('R', 5);
    expect(await reserve(6000, [{ skuId: item, quantity: 2 }])).toBe(true);
    expect(await reserve(6001, [{ skuId: item, quantity: 3 }])).toBe(true);
    expect(await withTransaction(pool, (tx) => stock.close(tx, '6000', 'RELEASED'))).toBe(2);
    expect(await withTransaction(pool, (tx) => stock.close(tx, '6000', 'RELEASED'))).toBe(0);
    expect(await withTransaction(pool, (tx) => stock.close(tx, '6001', 'COMMITTED'))).toBe(3);
    const { rows } = await pool.query(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [item]);
    expect(rows[0]).toEqual({ inventory_count: 2, reserved_count: 0 });
  });

  it("releases an expired reservation only while it is still expired: a confirmation's pin since the scan keeps it", async () => {
    const item = await sku('EXP', 4);
    const past = new Date(Date.now() - 60_000);
    const expired = (orderId: string) =>
      withTransaction(pool, async (tx) => (await stock.reserveRun(tx, [{ orderId, plan: planReservation([{ skuId: item, quantity: 1 }]), expiresAt: past }]))[0].outcome);
    for (const orderId of ['9700', '9701', '9702']) expect(await expired(orderId)).toBe('reserved');
    const scanned = await stock.expiredOrderIds(pool, new Date(), 100);
    expect(scanned).toEqual(expect.arrayContaining(['9700', '9701', '9702']));

    // 9700 was confirmed after the scan; 9701's pin is in flight (row locked, not committed) when the release runs.
    await withTransaction(pool, (tx) => stock.pin(tx, ['9700']));
    const pinning = await pool.connect();
    await pinning.query('BEGIN');
    await stock.pin(pinning as never, ['9701']);
    const releasing = withTransaction(pool, (tx) => stock.releaseExpired(tx, '9701', new Date()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pinning.query('COMMIT');
    pinning.release();

    expect(await withTransaction(pool, (tx) => stock.releaseExpired(tx, '9700', new Date()))).toBe(0);
    expect(await releasing).toBe(0);
    expect(await withTransaction(pool, (tx) => stock.releaseExpired(tx, '9702', new Date()))).toBe(1);
    const { rows } = await pool.query(`SELECT order_id::int, status FROM inventory.reservations WHERE order_id BETWEEN 9700 AND 9702 ORDER BY order_id`);
    expect(rows).toEqual([{ order_id: 9700, status: 'ACTIVE' }, { order_id: 9701, status: 'ACTIVE' }, { order_id: 9702, status: 'RELEASED' }]);
    expect((await pool.query(`SELECT reserved_count FROM inventory.skus WHERE id = $1`, [item])).rows[0].reserved_count).toBe(2);
  });

  it('reads the same levels and decisions from the batch prefetch step, pipelined, as from its own first statement', async () => {
    const a = await sku('PF-A', 5);
    const b = await sku('PF-B', 1);
    await reserve(7001, [{ skuId: b, quantity: 1 }]);
    const client = await pool.connect();
    try {
      // As the consumer batch sends it, with its BEGIN: one by one the first time (which prepares the statement),
      // then in one pipeline; both must read the same.
      const step = PgStockRepository.lockLevelsAndDecidedStep([b, a], ['7001', '7002']);
      const [[first]] = (await runPipelined(client, [step], { first: 'BEGIN' })) as LevelsAndDecided[][];
      const [[facts]] = (await runPipelined(client, [step])) as LevelsAndDecided[][];
      expect(facts).toEqual(first);
      expect(facts).toEqual({ levels: [{ sku_id: a, available: 5 }, { sku_id: b, available: 0 }], decided: ['7001'] });
      const decisions = await stock.reserveRun(client, [
        { orderId: '7001', plan: planReservation([{ skuId: a, quantity: 1 }]), expiresAt: new Date(Date.now() + 60_000) },
        { orderId: '7002', plan: planReservation([{ skuId: a, quantity: 2 }]), expiresAt: new Date(Date.now() + 60_000) },
      ], facts);
      await client.query('COMMIT');
      expect(decisions.map((decision) => decision.outcome)).toEqual(['already', 'reserved']);
    } finally {
      client.release();
    }
    const { rows } = await pool.query(`SELECT reserved_count FROM inventory.skus WHERE id = $1`, [a]);
    expect(rows[0].reserved_count).toBe(2);
  });
});
