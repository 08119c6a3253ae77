import { createTestDatabase, TestDatabase } from '@shop/testing';
import pino from 'pino';
import { LogTraffic } from '../testing/log-traffic';
import { caughtUp } from '../testing/read-model-snapshot';
import { ProjectionBuses } from './projection-buses';

jest.setTimeout(120_000);

// Postgres 15 signals every listening session in the database on each notifying commit, so the three
// projections share one: one process woken per commit instead of three.
describe('projection buses in Postgres mode', () => {
  let db: TestDatabase;
  let traffic: LogTraffic;

  beforeAll(async () => {
    db = await createTestDatabase();
    traffic = new LogTraffic(db.pool('orders_svc'), db.pool('payments_svc'));
  });
  afterAll(async () => {
    await traffic?.stop();
    await db?.drop();
  });

  it('share one listening session, which wakes every projection', async () => {
    const admin = db.pool('admin');
    const buses = new ProjectionBuses({ pool: db.pool('projections_svc'), log: pino({ level: 'silent' }), settings: { mode: 'postgres', kafkaBrokers: [], kafkaRelay: 'builtin' }, batchSize: 40 });
    await buses.start();
    try {
      const listeners = new Set([...buses.byName.values()].map((bus) => bus.listener));
      expect(listeners.size).toBe(1);
      const [listener] = [...listeners];
      expect(listener?.isListening).toBe(true);
      for (const table of ['orders.order_events', 'payments.outbox']) expect(listener?.isListeningTo(table)).toBe(true);

      await traffic.writeOrders(12);
      await caughtUp(buses);
      expect(listener!.received).toBeGreaterThan(0);
      const counts = await admin.query<{ timeline: number; queue: number; revenue: number }>(
        `SELECT (SELECT count(DISTINCT order_id)::int FROM readmodels.order_timeline) AS timeline,
                (SELECT count(*)::int FROM readmodels.fulfillment_queue) + (SELECT count(*)::int FROM readmodels.fulfillment_closed) AS queue,
                (SELECT count(*)::int FROM readmodels.revenue_entries) AS revenue`,
      );
      expect(counts.rows[0].timeline).toBe(12);
      expect(counts.rows[0].queue).toBeGreaterThan(0);
      expect(counts.rows[0].revenue).toBeGreaterThan(0);
    } finally {
      await buses.stop();
    }
    expect([...buses.byName.values()][0].listener?.isListening).toBe(false);
  });
});
