import { createTestDatabase, TestDatabase } from '@shop/testing';
import { debeziumNames, retireDebeziumRelay } from './retire-debezium';

/** A Debezium slot left behind by an earlier start in Debezium mode, on the real test server. */
describe('retireDebeziumRelay', () => {
  let db: TestDatabase;
  const namespace = `retire-${process.pid}`;
  const { slot } = debeziumNames(namespace);
  const slots = async () => (await db.pool('admin').query('SELECT slot_name FROM pg_replication_slots WHERE slot_name = $1', [slot])).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.pool('admin').query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]).catch(() => undefined);
    await db?.drop();
  });

  it('names the connector and slot as the Debezium start does', () => {
    expect(debeziumNames('shop-test')).toEqual({ connector: 'shop-test-outbox', slot: 'shop_test_outbox_slot', topicPrefix: 'shop-test-cdc' });
    // Postgres takes lower-case letters, digits and underscores, 63 at most; other namespaces are hashed apart.
    const slots = ['Shop', 'shop', 'A'.repeat(100), `${'A'.repeat(99)}B`].map((namespace) => debeziumNames(namespace).slot);
    for (const slot of slots) expect(slot).toMatch(/^[a-z0-9_]{1,63}$/);
    expect(new Set(slots).size).toBe(4);
    expect(debeziumNames('Shop').slot).toBe(debeziumNames('Shop').slot);
  });

  it('does nothing where Debezium never ran', async () => {
    const said: string[] = [];
    await retireDebeziumRelay(db.adminUrl, 'http://127.0.0.1:1', namespace, (line) => said.push(line));
    expect(said).toEqual([]);
  });

  it('drops an idle slot left behind, saying so, even when Kafka Connect does not answer', async () => {
    await db.pool('admin').query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
    expect(await slots()).toHaveLength(1);
    const said: string[] = [];
    await retireDebeziumRelay(db.adminUrl, 'http://127.0.0.1:1', namespace, (line) => said.push(line));
    expect(await slots()).toEqual([]);
    expect(said).toEqual([expect.stringContaining(`replication slot ${slot}`)]);
  });
});
