import { createTestDatabase, TestDatabase } from '@shop/testing';
import pino from 'pino';
import { seedDatabase } from '../../../../tools/seed/seed-database';
import { ProjectionBuses } from '../application/projection-buses';
import { PROJECTION_NAMES } from '../domain/projection-names';
import { LogTraffic } from '../testing/log-traffic';
import { caughtUp, readModelSnapshot } from '../testing/read-model-snapshot';
import { rebuildProjections } from './rebuild';

jest.setTimeout(300_000);

/** The read models recomputed straight from the logs with SQL, independent of the projection code. */
async function truthFromLogs(db: TestDatabase) {
  const admin = db.pool('admin');
  const open = await admin.query(`
    SELECT DISTINCT ON (order_id) order_id::text, to_status FROM orders.order_events WHERE to_status IS NOT NULL ORDER BY order_id, sequence DESC`);
  const queue = open.rows.filter((row) => row.to_status === 'PENDING' || row.to_status === 'CONFIRMED').map((row) => ({ order_id: row.order_id, status: row.to_status }));
  const timeline = (await admin.query(`SELECT count(*)::int AS n FROM orders.order_events`)).rows[0].n;
  const revenue = await admin.query(`
    WITH captures AS (SELECT DISTINCT ON (payload->'payload'->>'paymentId') (payload->'payload'->>'merchantId')::bigint AS merchant_id,
                             ((payload->'payload'->>'capturedAt')::timestamptz AT TIME ZONE 'UTC')::date AS day, 1 AS n,
                             coalesce((payload->'payload'->>'amountCents')::bigint, (payload->'payload'->'amount'->>'minorUnits')::bigint) AS cents
                        FROM payments.outbox WHERE event_type = 'payments.payment-captured'),
         refunds AS (SELECT DISTINCT ON (payload->'payload'->>'refundId') (payload->'payload'->>'merchantId')::bigint,
                            ((payload->'payload'->>'capturedAt')::timestamptz AT TIME ZONE 'UTC')::date, -1, -(payload->'payload'->>'amountCents')::bigint
                       FROM payments.outbox WHERE event_type = 'payments.payment-refunded')
    SELECT m.merchant_id::text AS merchant, m.day::text AS capture_day, sum(m.n)::int AS order_count, sum(m.cents)::text AS revenue_cents
      FROM (SELECT * FROM captures UNION ALL SELECT * FROM refunds) m
     GROUP BY m.merchant_id, m.day ORDER BY m.merchant_id, m.day`);
  return { queue, timeline, revenue: revenue.rows };
}

async function projected(db: TestDatabase) {
  const admin = db.pool('admin');
  const queue = (await admin.query(`SELECT order_id::text, status FROM readmodels.fulfillment_queue ORDER BY order_id`)).rows;
  const timeline = (await admin.query(`SELECT count(*)::int AS n FROM readmodels.order_timeline`)).rows[0].n;
  const revenue = (await admin.query(`SELECT r.merchant_id::text AS merchant, r.day::text AS capture_day, sum(r.order_count)::int AS order_count,
    sum(r.revenue_cents)::text AS revenue_cents FROM readmodels.revenue_daily r GROUP BY r.merchant_id, r.day ORDER BY r.merchant_id, r.day`)).rows;
  return { queue, timeline, revenue };
}

describe('projection rebuild', () => {
  let db: TestDatabase;
  let buses: ProjectionBuses;
  let traffic: LogTraffic;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A year of history (read models made by the seed), then the live consumers on top of it.
    await seedDatabase(db.adminUrl, { orders: 1_500, seed: 5 });
    buses = new ProjectionBuses({ pool: db.pool('projections_svc'), log: pino({ level: 'silent' }), settings: { mode: 'postgres', kafkaBrokers: [], kafkaRelay: 'builtin' }, batchSize: 40, pollMs: 5 });
    await buses.start();
    traffic = new LogTraffic(db.pool('orders_svc'), db.pool('payments_svc'));
  });
  afterAll(async () => {
    await traffic?.stop();
    await buses?.stop();
    await db.drop();
  });

  it('reproduces exactly the rows the live projections built, from the logs alone', async () => {
    await traffic.writeOrders(60);
    await caughtUp(buses);
    const before = await readModelSnapshot(db.pool('admin'));
    expect(before.order_timeline.length).toBeGreaterThan(9_000);
    expect(before.fulfillment_queue.length).toBeGreaterThan(10);

    const report = await rebuildProjections(db.urlFor('projections_svc'), PROJECTION_NAMES);
    expect(await readModelSnapshot(db.pool('admin'))).toEqual(before);
    expect(report.replay.rejected).toBe(0);
    // The checkpoints moved to the end of the replay: nothing is left for the consumers to re-read.
    expect(Object.values(report.projections).every((projection) => Object.keys(projection!.swap.checkpoints).length > 0)).toBe(true);
    await caughtUp(buses);
  });

  it('loses nothing and counts nothing twice while events keep arriving during the rebuild and the swap', async () => {
    traffic.start(3);
    const report = await rebuildProjections(db.adminUrl, PROJECTION_NAMES, {
      pageSize: 300,
      // Orders land between the bulk pass and the catch-up...
      afterReplay: () => traffic.writeOrders(10, 2),
      // ...and while the swap holds the lock: the live consumers read them, then wait for the lock, then find
      // the events already applied by the rebuild and marked processed.
      beforeSwap: async () => {
        await traffic.writeOrders(3, 3);
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await traffic.stop();
    await caughtUp(buses);

    const afterLive = await readModelSnapshot(db.pool('admin'));
    // The windows were really exercised: events were caught up inside the swap, and some the live consumers had
    // not applied yet were in the swapped-in tables already (applied again by the batches they had read, they
    // changed nothing: the comparison below counts every event once).
    for (const name of PROJECTION_NAMES) expect(report.projections[name]!.swap.finalCatchUp).toBeGreaterThan(0);
    expect(report.projections.timeline!.swap.aheadOfConsumer).toBeGreaterThan(0);
    expect(await projected(db)).toEqual(await truthFromLogs(db));
    const deadLetters = await db.pool('admin').query(`SELECT count(*)::int AS n FROM readmodels.dead_letters`);
    expect(deadLetters.rows[0].n).toBe(0);

    // A quiet rebuild of the same logs gives the very same rows as the rebuild-under-traffic plus live consumers.
    await rebuildProjections(db.urlFor('projections_svc'), PROJECTION_NAMES);
    expect(await readModelSnapshot(db.pool('admin'))).toEqual(afterLive);
  });

  it('rebuilds one projection alone and keeps the read-model tables owned and indexed as the migration made them', async () => {
    const admin = db.pool('admin');
    const shape = async () => (await admin.query(`
      SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, array_agg(i.relname::text ORDER BY i.relname) AS indexes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'readmodels'
        LEFT JOIN pg_index x ON x.indrelid = c.oid LEFT JOIN pg_class i ON i.oid = x.indexrelid
       WHERE c.relkind = 'r' GROUP BY 1, 2 ORDER BY 1`)).rows;
    const before = await shape();
    const rows = await readModelSnapshot(admin);
    await rebuildProjections(db.adminUrl, ['revenue']);
    expect(await shape()).toEqual(before);
    expect(await readModelSnapshot(admin)).toEqual(rows);
    expect(before.find((table) => table.relname === 'revenue_daily')).toEqual({ relname: 'revenue_daily', owner: 'projections_svc', indexes: ['revenue_daily_day_idx', 'revenue_daily_pkey'] });
  });

  it('refuses a second rebuild while one runs, and leaves the first one\'s shadows alone', async () => {
    const rows = await readModelSnapshot(db.pool('admin'));
    const shadows = async () =>
      (await db.pool('admin').query(`SELECT tablename FROM pg_tables WHERE schemaname = 'readmodels' AND tablename LIKE '%\\_rebuild' ORDER BY 1`)).rows.map((row) => row.tablename);
    let during: string[] = [];
    await rebuildProjections(db.adminUrl, ['revenue'], {
      // Between the first's bulk pass and its swap, its shadows exist: a second run must not drop or rename them.
      afterReplay: async () => {
        await expect(rebuildProjections(db.adminUrl, PROJECTION_NAMES)).rejects.toThrow(/another projections:rebuild is running/);
        during = await shadows();
      },
    });
    expect(during).toEqual(['revenue_daily_rebuild', 'revenue_entries_rebuild']);
    expect(await shadows()).toEqual([]);
    expect(await readModelSnapshot(db.pool('admin'))).toEqual(rows);
    // The lock went with the first run.
    await rebuildProjections(db.adminUrl, ['timeline']);
  });

  it('fails with the database\'s error when a shadow refuses its rows, and leaves no shadow behind', async () => {
    const admin = db.pool('admin');
    // Every replayed entry breaks this (existing rows are not checked): its COPY fails while the other shadow's is open.
    await admin.query(`ALTER TABLE readmodels.revenue_entries ADD CONSTRAINT refuse_all CHECK (revenue_cents < 0) NOT VALID`);
    try {
      const outcome = rebuildProjections(db.adminUrl, ['revenue']);
      const hung = new Promise((resolve) => setTimeout(resolve, 60_000, 'still running after 60 s'));
      await expect(Promise.race([outcome, hung])).rejects.toThrow(/refuse_all/);
    } finally {
      await admin.query(`ALTER TABLE readmodels.revenue_entries DROP CONSTRAINT refuse_all`);
    }
    const shadows = await admin.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'readmodels' AND tablename LIKE '%\\_rebuild'`);
    expect(shadows.rows[0].n).toBe(0);
    await rebuildProjections(db.adminUrl, ['revenue']); // nothing left locked
  });

  it('refuses a role that may not act as the projections role, and leaves no shadow behind', async () => {
    await expect(rebuildProjections(db.urlFor('orders_svc'), ['timeline'])).rejects.toThrow(/cannot act as projections_svc/);
    const shadows = await db.pool('admin').query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'readmodels' AND tablename LIKE '%\\_rebuild'`);
    expect(shadows.rows[0].n).toBe(0);
  });
});
