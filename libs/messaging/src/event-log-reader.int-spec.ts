import { createTestDatabase, TestDatabase } from '@shop/testing';
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
