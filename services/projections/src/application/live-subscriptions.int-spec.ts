import { createTestDatabase, TestDatabase } from '@shop/testing';
import pino from 'pino';
import { LogTraffic } from '../testing/log-traffic';
import { caughtUp, readModelSnapshot } from '../testing/read-model-snapshot';
import { ProjectionBuses } from './projection-buses';

jest.setTimeout(120_000);

describe('live projections in Postgres mode', () => {
  let db: TestDatabase;
  let traffic: LogTraffic;
  const startBuses = async () => {
    const buses = new ProjectionBuses({ pool: db.pool('projections_svc'), log: pino({ level: 'silent' }), settings: { mode: 'postgres', kafkaBrokers: [], kafkaRelay: 'builtin' }, batchSize: 40, pollMs: 5 });
    await buses.start();
    return buses;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    traffic = new LogTraffic(db.pool('orders_svc'), db.pool('payments_svc'));
  });
  afterAll(async () => {
    await traffic?.stop();
    await db?.drop();
  });

  // Postgres 15 signals every listening session in the database on each notifying commit, so the three
  // projections share one: one process woken per commit instead of three.
  it('share one listening session, which wakes every projection', async () => {
    const buses = await startBuses();
    try {
      const listeners = new Set([...buses.byName.values()].map((bus) => bus.listener));
      expect(listeners.size).toBe(1);
      const [listener] = [...listeners];
      expect(listener?.isListening).toBe(true);
      for (const table of ['orders.order_events', 'payments.outbox']) expect(listener?.isListeningTo(table)).toBe(true);

      await traffic.writeOrders(12);
      await caughtUp(buses);
      expect(listener!.received).toBeGreaterThan(0);
      const counts = await db.pool('admin').query<{ timeline: number; queue: number; revenue: number }>(
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

  // The live projections keep no inbox (their subscriptions are idempotent): what makes a redelivery harmless is
  // the stores' own statements, so this replays every event to them and expects not a row to change.
  it('writes no inbox rows, and every event delivered again from the start of the logs changes nothing', async () => {
    const admin = db.pool('admin');
    let buses = await startBuses();
    await traffic.writeOrders(60);
    await caughtUp(buses);
    const before = await readModelSnapshot(admin);
    expect(before.order_timeline.length).toBeGreaterThan(200);
    expect(before.revenue_daily.length).toBeGreaterThan(0);
    expect((await admin.query(`SELECT count(*)::int AS n FROM readmodels.inbox`)).rows[0].n).toBe(0);

    // Every group back to the start of every log: the restarted consumers deliver each event a second time.
    await buses.stop();
    const rewound = await admin.query(`UPDATE readmodels.consumer_checkpoints SET last_txid = '0', last_id = 0`);
    expect(rewound.rowCount).toBeGreaterThan(0);
    buses = await startBuses();
    try {
      await caughtUp(buses);
      expect(await readModelSnapshot(admin)).toEqual(before);
      const deadLetters = await admin.query(`SELECT count(*)::int AS n FROM readmodels.dead_letters`);
      expect(deadLetters.rows[0].n).toBe(0);
    } finally {
      await buses.stop();
    }
  });

  // The dashboard asks for the newest letters: across the projections' groups, by the shared table's ids.
  it('lists dead letters of every projection oldest or newest first', async () => {
    const buses = await startBuses();
    try {
      const groups = (await buses.status()).groups.map((group) => group.group);
      expect(groups.length).toBeGreaterThan(1);
      const admin = db.pool('admin');
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) {
        const { rows } = await admin.query(
          `INSERT INTO readmodels.dead_letters (consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts)
           VALUES ($1, 'orders.order_events', gen_random_uuid(), 'orders.order-placed', $2, '{}', 'broken', 1) RETURNING id::text`,
          [groups[n % groups.length], String(n)],
        );
        ids.push(rows[0].id);
      }
      expect((await buses.deadLetters(3, 'newest')).map((letter) => letter.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect((await buses.deadLetters(3, 'oldest')).map((letter) => letter.id)).toEqual([ids[0], ids[1], ids[2]]);
      await admin.query(`DELETE FROM readmodels.dead_letters WHERE id = ANY($1::bigint[])`, [ids]);
    } finally {
      await buses.stop();
    }
  });
});
