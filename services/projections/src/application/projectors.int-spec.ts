import type { EventEnvelope } from '@shop/contracts';
import { withTransaction } from '@shop/postgres';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { orderEnvelope, paymentEnvelope } from '../../../../tools/seed/envelopes';
import { IdCursor, OrderStory, storyOf } from '../../../../tools/seed/order-story';
import { EMPTY_DATABASE_BASES, buildWorld, sizesFor } from '../../../../tools/seed/world';
import { PROJECTION_NAMES } from '../domain/projection-names';
import { COPY_COLUMNS } from '../infrastructure/postgres/copy-columns';
import { CopySink, CopyValue } from '../infrastructure/postgres/copy-sink';
import { ReadModelTable, liveTables } from '../infrastructure/postgres/readmodel-tables';
import { readModelSnapshot } from '../testing/read-model-snapshot';
import { memoryProjector } from './memory-projectors';
import { PROJECTIONS, applies } from './projection-catalog';
import { sqlProjector } from './sql-projectors';

jest.setTimeout(120_000);

const TABLES: ReadModelTable[] = ['fulfillment_queue', 'fulfillment_closed', 'fulfillment_early', 'revenue_entries', 'revenue_daily', 'order_timeline'];

/** Every event of the stories, each order's and each payment's in their own order, orders one after the other. */
function eventsOf(stories: OrderStory[]): EventEnvelope[] {
  return stories.flatMap((story) => [
    ...story.steps.map((step) => orderEnvelope(story, step)),
    ...story.paymentEvents.map((event) => paymentEnvelope(story, event)),
  ]);
}

/** Interleaves the stories' events differently, keeping each aggregate's own order (what a log guarantees). */
function shuffledAcrossAggregates(events: EventEnvelope[], seed: number): EventEnvelope[] {
  const queues = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const key = `${event.aggregateType}:${event.aggregateId}`;
    queues.set(key, [...(queues.get(key) ?? []), event]);
  }
  const out: EventEnvelope[] = [];
  let state = seed;
  while (queues.size > 0) {
    const keys = [...queues.keys()];
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const key = keys[state % keys.length];
    const queue = queues.get(key)!;
    out.push(queue.shift()!);
    if (queue.length === 0) queues.delete(key);
  }
  return out;
}

describe('projectors: the SQL path and the in-memory path', () => {
  let db: TestDatabase;
  let pool: Pool;
  let stories: OrderStory[];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('projections_svc');
    const total = 2_000;
    const world = buildWorld(31, sizesFor(total), EMPTY_DATABASE_BASES, Date.now());
    const ids = new IdCursor(world);
    const all = Array.from({ length: total }, (_, index) => storyOf(world, total, index, ids));
    stories = [...new Set([...all.slice(0, 40), ...all.filter((story) => story.path === 'cancelled-by-customer').slice(0, 10), ...all.slice(-60)])];
  });
  afterAll(() => db.drop());
  beforeEach(() => pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`));

  /** Each projection gets its events in runs of `runSize` (one event at a time by default), as its consumer would. */
  async function applyWithSql(events: EventEnvelope[], runSize = 1): Promise<void> {
    const projectors = PROJECTION_NAMES.map((name) => ({ spec: PROJECTIONS[name], projector: sqlProjector(name, liveTables) }));
    await withTransaction(pool, async (tx) => {
      for (const { spec, projector } of projectors) {
        const applicable = events.filter((event) => applies(spec, event));
        for (let start = 0; start < applicable.length; start += runSize) await projector.applyRun(tx, applicable.slice(start, start + runSize));
      }
    });
  }

  async function applyInMemory(events: EventEnvelope[]): Promise<void> {
    const rows = new Map<ReadModelTable, CopyValue[][]>(TABLES.map((table) => [table, []]));
    const projectors = PROJECTION_NAMES.map((name) => ({ spec: PROJECTIONS[name], memory: memoryProjector(name, (table) => ({ write: (values) => rows.get(table)!.push([...values]) })) }));
    for (const event of events) for (const { spec, memory } of projectors) if (applies(spec, event)) memory.apply(event);
    for (const { memory } of projectors) memory.finish();
    const client = await pool.connect();
    try {
      for (const [table, values] of rows) {
        const sink = CopySink.open(client, liveTables(table), COPY_COLUMNS[table]);
        for (const row of values) sink.write(row);
        await sink.end();
      }
    } finally {
      client.release();
    }
  }

  it('build the very same rows from the same events', async () => {
    const events = eventsOf(stories);
    await applyWithSql(events);
    const viaSql = await readModelSnapshot(pool);
    expect(viaSql.fulfillment_queue.length).toBeGreaterThan(0);
    expect(viaSql.revenue_entries.length).toBeGreaterThan(0);
    await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
    await applyInMemory(events);
    expect(await readModelSnapshot(pool)).toEqual(viaSql);
  });

  it.each([[2], [7], [100_000]])('SQL: runs of %i events build the same rows as one event at a time', async (runSize) => {
    const events = eventsOf(stories);
    await applyWithSql(events);
    const oneByOne = await readModelSnapshot(pool);
    await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
    await applyWithSql(shuffledAcrossAggregates(events, runSize), runSize);
    expect(await readModelSnapshot(pool)).toEqual(oneByOne);
    // A run holding every event again, and a run holding the same event twice, change nothing.
    await applyWithSql([...events, ...events], runSize);
    expect(await readModelSnapshot(pool)).toEqual(oneByOne);
  });

  it('SQL: every event applied twice (a redelivery past the inbox) changes nothing', async () => {
    const events = eventsOf(stories);
    await applyWithSql(events);
    const once = await readModelSnapshot(pool);
    await applyWithSql(events);
    await applyWithSql(events.slice(0, 50));
    expect(await readModelSnapshot(pool)).toEqual(once);
  });

  it.each([[1], [2], [3]])('SQL and memory: any interleaving across aggregates gives the same rows (shuffle %i)', async (seed) => {
    const events = eventsOf(stories);
    await applyWithSql(events);
    const inLogOrder = await readModelSnapshot(pool);
    await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
    await applyWithSql(shuffledAcrossAggregates(events, seed));
    expect(await readModelSnapshot(pool)).toEqual(inLogOrder);
    await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
    await applyInMemory(shuffledAcrossAggregates(events, seed + 10));
    expect(await readModelSnapshot(pool)).toEqual(inLogOrder);
  });

  it.each([[1], [7]])('SQL and memory: every OrderPlaced redriven after the rest of its order (runs of %i) gives the same rows', async (runSize) => {
    const events = eventsOf(stories);
    await applyWithSql(events);
    const inLogOrder = await readModelSnapshot(pool);
    expect(inLogOrder.fulfillment_queue.some((row) => (row as { status: string }).status === 'CONFIRMED')).toBe(true);
    // Each OrderPlaced dead-lettered, the order's later events applied, then the dead letters redriven.
    const placed = (event: EventEnvelope) => event.type === 'orders.order-placed';
    const redriven = [...events.filter((event) => !placed(event)), ...events.filter(placed)];
    for (const apply of [() => applyWithSql(redriven, runSize), () => applyInMemory(redriven)]) {
      await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
      await apply();
      expect(await readModelSnapshot(pool)).toEqual(inLogOrder);
    }
  });

  it('stores a v2 capture as large as its contract allows (38 digits), by SQL and in memory alike', async () => {
    const story = stories.find((candidate) => candidate.paymentEvents.length > 0)!;
    const v2 = story.paymentEvents.map((event) => paymentEnvelope(story, event)).find((event) => event.type === 'payments.payment-captured' && event.version === 2)!;
    const huge = { ...v2, payload: { ...(v2.payload as object), amount: { minorUnits: '90071992547409930001', currency: 'EUR' } } } as EventEnvelope;
    await applyWithSql([huge]);
    const viaSql = await readModelSnapshot(pool);
    const { rows } = await pool.query(`SELECT e.revenue_cents::text AS entry, d.revenue_cents::text AS day FROM readmodels.revenue_entries e, readmodels.revenue_daily d`);
    expect(rows).toEqual([{ entry: '90071992547409930001', day: '90071992547409930001' }]);
    await pool.query(`TRUNCATE ${TABLES.map(liveTables).join(', ')}`);
    await applyInMemory([huge]);
    expect(await readModelSnapshot(pool)).toEqual(viaSql);
  });

  it('counts a capture published as v1 and v2 once, and a refund against the capture day even when it comes first', async () => {
    const refunded = stories.find((story) => story.path === 'cancelled-by-customer')!;
    const payments = refunded.paymentEvents.map((event) => paymentEnvelope(refunded, event));
    expect(payments.map((event) => `${event.type}@${event.version}`)).toEqual(['payments.payment-captured@1', 'payments.payment-captured@2', 'payments.payment-refunded@1']);
    await applyWithSql([payments[2], payments[1], payments[0]]);
    const { rows } = await pool.query(`SELECT order_count, revenue_cents::text FROM readmodels.revenue_daily`);
    expect(rows).toEqual([{ order_count: 0, revenue_cents: '0' }]);
    await applyWithSql([payments[1]]);
    const captureOnly = await pool.query(`SELECT kind, revenue_cents::text FROM readmodels.revenue_entries ORDER BY kind`);
    expect(captureOnly.rows).toEqual([{ kind: 'capture', revenue_cents: String(refunded.totalCents) }, { kind: 'refund', revenue_cents: String(-refunded.totalCents) }]);
  });
});
