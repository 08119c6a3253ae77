import { createTestDatabase, TestDatabase } from '@shop/testing';
import { debeziumSlotState, describeDebeziumSlot } from './debezium-slot';

// What npm run dlq -- lag says of Debezium: its namespace's replication slot, read from the platform's database.
describe('debeziumSlotState', () => {
  let db: TestDatabase;
  const namespace = `dlq-${process.pid}`;
  const slot = `dlq_${process.pid}_outbox_slot`;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => {
    await db.pool('admin').query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    await db.drop();
  });

  it('is undefined without the slot (the built-in relay), and reports an unread slot falling behind', async () => {
    expect(await debeziumSlotState(db.adminUrl, namespace)).toBeUndefined();
    await db.pool('admin').query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
    const fresh = await debeziumSlotState(db.adminUrl, namespace);
    expect(fresh).toMatchObject({ connector: `${namespace}-outbox`, slot, active: false });
    await db.pool('admin').query(`CREATE TABLE public.wal_filler AS SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 1000) AS g`);
    const later = await debeziumSlotState(db.adminUrl, namespace);
    expect(later!.behindBytes).toBeGreaterThan(fresh!.behindBytes + 100_000);
  });
});

describe('describeDebeziumSlot', () => {
  it.each([
    { active: true, expected: /streaming, 1,234 bytes of WAL not yet confirmed$/ },
    { active: false, expected: /NOT streaming, 1,234 bytes .* until connector shop-outbox reads it again: check curl \$CONNECT_URL\/connectors\/shop-outbox\/status$/ },
  ])('active $active', ({ active, expected }) => {
    expect(describeDebeziumSlot({ connector: 'shop-outbox', slot: 'shop_outbox_slot', active, behindBytes: 1234 })).toMatch(expected);
  });
});
