import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import { EventLogReader, LOG_START } from './event-log-reader';

describe('EventLogReader ordering', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it('orders by transaction id as a number, not as text (999 before 1000)', async () => {
    const insert = (txid: string, aggregate: string) =>
      db.pool('admin').query(
        `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload, txid)
         VALUES (gen_random_uuid(), 'sku', $2, 'inventory.sku-changed', 1, 1, jsonb_build_object('aggregateId', $2::text), $1::xid8)`,
        [txid, aggregate],
      );
    // Both ids must be below the horizon: a fresh test cluster (this suite run alone) may not have reached 1000 yet.
    const admin = db.pool('admin');
    while (BigInt((await admin.query('SELECT pg_current_xact_id()::text AS id')).rows[0].id) <= 1000n);
    await insert('1000', 'b');
    await insert('999', 'a');
    const reader = new EventLogReader('inventory.outbox');
    const first = await reader.readAfter(db.pool('inventory_svc'), LOG_START, 1);
    expect(first.map((event) => event.position.txid)).toEqual(['999']);
    const next = await reader.readAfter(db.pool('inventory_svc'), first[0].position, 10);
    expect(next.map((event) => event.position.txid)).toEqual(['1000']);
  });
});

describe('EventLogReader with a type filter', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const TAKEN = 'inventory.sku-changed';
  const OTHER = 'inventory.stock-released';
  // One transaction per row, as separate producers would write them.
  const append = (type: string, aggregate: string) =>
    db.pool('admin').query(
      `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
       VALUES (gen_random_uuid(), 'sku', $2, $1, 1, 1, jsonb_build_object('aggregateId', $2::text, 'type', $1::text))`,
      [type, aggregate],
    );

  it('reads only its types, counts only them as lag, and offers the last row of other types to pass to', async () => {
    const types = [TAKEN, OTHER, OTHER, TAKEN, OTHER, OTHER];
    for (const [index, type] of types.entries()) await append(type, `agg-${index}`);
    const pool = db.pool('inventory_svc');
    const everything = new EventLogReader('inventory.outbox');
    // Another suite's open transaction can hold the horizon back for a moment.
    const all = await waitFor('every row below the horizon', async () => {
      const events = await everything.readAfter(pool, LOG_START, 100);
      return events.length === types.length ? events : undefined;
    });
    const lastRow = all[all.length - 1].position;
    const typed = new EventLogReader('inventory.outbox', [TAKEN]);

    const read = await typed.read(pool, LOG_START, 10);
    expect(read.events.map((event) => event.envelope.aggregateId)).toEqual(['agg-0', 'agg-3']);
    expect(read.readAllBelow).toEqual(lastRow);
    expect(await typed.lag(pool, LOG_START)).toBe(2);

    // A full batch may have more of its types behind it: nothing to pass to.
    const full = await typed.read(pool, LOG_START, 1);
    expect(full.events.map((event) => event.envelope.aggregateId)).toEqual(['agg-0']);
    expect(full.readAllBelow).toBeUndefined();

    // Past its last event only other types remain: no events, and the last row to move to.
    const rest = await typed.read(pool, read.events[1].position, 10);
    expect(rest.events).toEqual([]);
    expect(rest.readAllBelow).toEqual(lastRow);
    expect(await typed.lag(pool, read.events[1].position)).toBe(0);

    // At the last row there is nothing to pass; the untyped reader never offers a position.
    expect((await typed.read(pool, lastRow, 10)).readAllBelow).toBeUndefined();
    expect((await everything.read(pool, LOG_START, 100)).readAllBelow).toBeUndefined();
  });
});
