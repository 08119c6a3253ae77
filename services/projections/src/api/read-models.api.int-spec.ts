import { Readiness, createServiceApp } from '@shop/service-kit';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { IdCursor, OrderStory, storyOf } from '../../../../tools/seed/order-story';
import { EMPTY_DATABASE_BASES, buildWorld, sizesFor } from '../../../../tools/seed/world';
import { ProjectionBuses } from '../application/projection-buses';
import { utcDay } from '../domain/revenue';
import { ProjectionsModule } from '../projections.module';
import { LogTraffic } from '../testing/log-traffic';
import { caughtUp } from '../testing/read-model-snapshot';

jest.setTimeout(120_000);

const NOW = Date.now();
const TOTAL = 3_000;

/** Stories of a small world, written through the logs as the services would, then read back over HTTP. */
describe('projections internal API', () => {
  let db: TestDatabase;
  let buses: ProjectionBuses;
  let app: INestApplication;
  let base: string;
  let stories: OrderStory[];

  // Bodies are untyped JSON, checked field by field below.
  const get = async (path: string): Promise<{ status: number; type: string | null; body: any }> => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const pool = db.pool('projections_svc');
    const log = pino({ level: 'silent' });
    buses = new ProjectionBuses({ pool, log, settings: { mode: 'postgres', kafkaBrokers: [], kafkaRelay: 'builtin' }, pollMs: 5 });
    await buses.start();
    // The same module main.ts serves, on a free port (createServiceApp types its module loosely, as main's runner does).
    app = await createServiceApp({ name: 'projections', module: ProjectionsModule.register({ pool, buses, readiness: new Readiness() }) as never, logger: log });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const world = buildWorld(77, sizesFor(TOTAL), { ...EMPTY_DATABASE_BASES, merchant: 500 }, NOW);
    const ids = new IdCursor(world);
    const all = Array.from({ length: TOTAL }, (_, index) => storyOf(world, TOTAL, index, ids));
    // Old delivered and cancelled orders plus every open one of the newest: enough of each kind, few events.
    stories = [...all.slice(0, 150), ...all.slice(-300).filter((story) => story.status === 'PENDING' || story.status === 'CONFIRMED' || story.path === 'cancelled-by-customer')];
    const traffic = new LogTraffic(db.pool('orders_svc'), db.pool('payments_svc'));
    for (let index = 0; index < stories.length; index += 8) await Promise.all(stories.slice(index, index + 8).map((story) => traffic.writeOrder(story)));
    await caughtUp(buses);
  });
  afterAll(async () => {
    await app?.close();
    await buses?.stop();
    await db?.drop();
  });

  describe('GET /internal/fulfillment/queue', () => {
    const openOf = (merchantId: number) => stories
      .filter((story) => story.merchant.id === merchantId && (story.status === 'PENDING' || story.status === 'CONFIRMED'))
      .sort((a, b) => a.placedAt - b.placedAt || a.id - b.id);

    it("lists a merchant's open orders oldest first, and pages through them with the cursor", async () => {
      const merchantId = stories.find((story) => story.status === 'CONFIRMED')!.merchant.id;
      const expected = openOf(merchantId).map((story) => ({
        id: String(story.id), status: story.status, placedAt: new Date(story.placedAt).toISOString(), customerId: String(story.customer.id), totalCents: story.totalCents, currency: story.currency,
      }));
      expect(expected.length).toBeGreaterThan(2);
      const full = await get(`/internal/fulfillment/queue?merchantId=${merchantId}`);
      expect(full).toMatchObject({ status: 200, body: { items: expected, nextCursor: null } });

      const paged: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`/internal/fulfillment/queue?merchantId=${merchantId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(expected);
    });

    it('filters by status', async () => {
      const merchantId = stories.find((story) => story.status === 'CONFIRMED')!.merchant.id;
      const confirmed = await get(`/internal/fulfillment/queue?merchantId=${merchantId}&status=CONFIRMED`);
      expect(confirmed.body.items.map((item: { id: string }) => item.id)).toEqual(openOf(merchantId).filter((story) => story.status === 'CONFIRMED').map((story) => String(story.id)));
    });

    it.each([
      ['no merchant', '', 'merchantId'],
      ['a closed status', 'merchantId=500&status=SHIPPED', 'status'],
      ['a limit too large', 'merchantId=500&limit=501', 'limit'],
      ['a forged cursor', 'merchantId=500&cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ])('answers 422 problem+json for %s', async (_name, query, field) => {
      const response = await get(`/internal/fulfillment/queue?${query}`);
      expect(response.status).toBe(422);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('GET /internal/finance/revenue', () => {
    /** Captured minus refunded per merchant, capture day and currency, straight from the stories. */
    function expectedRevenue(merchantId?: number) {
      const rows = new Map<string, { merchantId: string; day: string; currency: string; orderCount: number; revenueCents: number }>();
      for (const story of stories.filter((candidate) => merchantId === undefined || candidate.merchant.id === merchantId)) {
        for (const payment of story.payments.filter((candidate) => candidate.status !== 'FAILED')) {
          const day = utcDay(new Date(payment.decidedAt).toISOString());
          const key = `${story.merchant.id}|${day}|${story.currency}`;
          const row = rows.get(key) ?? { merchantId: String(story.merchant.id), day, currency: story.currency, orderCount: 0, revenueCents: 0 };
          row.orderCount += payment.refund ? 0 : 1;
          row.revenueCents += payment.refund ? 0 : story.totalCents;
          rows.set(key, row);
        }
      }
      return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || Number(a.merchantId) - Number(b.merchantId) || a.currency.localeCompare(b.currency));
    }

    it('sums captures minus refunds by merchant and UTC capture day, counting the dual-published capture once', async () => {
      const from = new Date(NOW - 400 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(NOW + 86_400_000).toISOString().slice(0, 10);
      const merchantId = stories[0].merchant.id;
      const one = await get(`/internal/finance/revenue?merchantId=${merchantId}&from=${from}&to=${to}`);
      expect(one.status).toBe(200);
      expect(one.body.rows).toEqual(expectedRevenue(merchantId));
      expect(Date.parse(one.body.asOf)).toBeGreaterThan(NOW - 400 * 86_400_000);
      const all = await get(`/internal/finance/revenue?from=${from}&to=${to}`);
      expect(all.body.rows).toEqual(expectedRevenue());
      expect(all.body.rows.some((row: { orderCount: number }) => row.orderCount === 0)).toBe(true);
    });

    it('keeps to the window', async () => {
      const day = expectedRevenue()[0].day;
      const response = await get(`/internal/finance/revenue?from=${day}&to=${day}`);
      expect(response.body.rows.map((row: { day: string }) => row.day)).toEqual(expectedRevenue().filter((row) => row.day === day).map(() => day));
    });

    it.each([
      ['no window', '', 'from'],
      ['to before from', 'from=2030-02-01&to=2030-01-01', 'to'],
      ['an impossible day', 'from=2030-02-30&to=2030-03-01', 'from'],
      ['a window over ten years', 'from=2000-01-01&to=2030-01-01', 'to'],
    ])('answers 422 for %s', async (_name, query, field) => {
      const response = await get(`/internal/finance/revenue?${query}`);
      expect(response.status).toBe(422);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('GET /internal/orders/:id/timeline', () => {
    it('gives every event oldest first with the time spent in each status', async () => {
      const delivered = stories.find((story) => story.status === 'DELIVERED')!;
      const response = await get(`/internal/orders/${delivered.id}/timeline`);
      expect(response.status).toBe(200);
      expect(response.body.orderId).toBe(String(delivered.id));
      expect(response.body.entries.map((entry: { type: string }) => entry.type)).toEqual(delivered.steps.map((step) => `orders.${step.kind === 'placed' ? 'order-placed' : step.kind === 'confirmed' ? 'order-confirmed' : step.kind === 'shipped' ? 'order-shipped' : step.kind === 'delivered' ? 'order-delivered' : step.kind}`));
      const statusChanges = response.body.entries.filter((entry: { toStatus: string | null }) => entry.toStatus !== null);
      const steps = delivered.steps.filter((step) => step.toStatus !== null);
      expect(statusChanges.map((entry: { secondsInState: number | null }) => entry.secondsInState)).toEqual(
        steps.map((step, index) => (index + 1 < steps.length ? (steps[index + 1].at - step.at) / 1000 : null)),
      );
    });

    it('runs the clock of the current state until now', async () => {
      const confirmed = stories.find((story) => story.status === 'CONFIRMED')!;
      const entries = (await get(`/internal/orders/${confirmed.id}/timeline`)).body.entries;
      const last = entries.filter((entry: { toStatus: string | null }) => entry.toStatus === 'CONFIRMED').at(-1);
      expect(last.secondsInState).toBeGreaterThanOrEqual((Date.now() - 5_000 - Date.parse(last.at)) / 1000);
    });

    it.each([['an unknown order', '999999999'], ['a malformed id', 'abc']])('answers 404 for %s', async (_name, id) => {
      const response = await get(`/internal/orders/${id}/timeline`);
      expect(response.status).toBe(404);
      expect(response.type).toContain('application/problem+json');
    });
  });

  it('reports an id no projection holds as a dead letter as not found (each group alone would say so of the others\' letters)', async () => {
    expect(await buses.redrive(['999999'])).toEqual({ redriven: [], failed: [], notFound: ['999999'] });
    expect(await buses.redrive()).toEqual({ redriven: [], failed: [], notFound: [] });
  });

  it('GET /internal/projections reports each projection with its own lag and asOf', async () => {
    const response = await get('/internal/projections');
    expect(response.body.projections.map((projection: { name: string; group: string; totalLag: number }) => [projection.name, projection.group, projection.totalLag])).toEqual([
      ['fulfillment-queue', 'projection:fulfillment-queue', 0],
      ['revenue', 'projection:revenue', 0],
      ['timeline', 'projection:timeline', 0],
    ]);
    for (const projection of response.body.projections) expect(projection.asOf).toEqual(expect.any(String));
    const bus = await get('/internal/bus');
    expect(bus.body).toMatchObject({ group: 'projections', mode: 'postgres', deadLetters: 0, lag: { 'orders.order_events': 0, 'payments.outbox': 0 } });
    expect(bus.body.groups).toHaveLength(3);
  });
});
