import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import { describeKafka, dropNamespace, uniqueKafkaName } from '../../testing/src/kafka';
import { aggregateIds, skuChanged } from './conformance/fixtures';
import { MessageBus } from './message-bus';
import { OutboxWriter } from './outbox-writer';

jest.setTimeout(120_000);

// With the built-in relay, a service's bus status says how many of its outbox events are not in Kafka yet: a relay
// that cannot publish would otherwise look healthy, every consumer group's lag being 0.
describeKafka('MessageBus relay lag [kafka]', (brokers) => {
  let db: TestDatabase;
  const namespace = uniqueKafkaName('relay-lag');
  const relayBus = (lingerMs?: number) => new MessageBus({
    service: 'inventory', group: 'inventory', schema: 'inventory', pool: db.pool('inventory_svc'), log: pino({ level: 'silent' }), subscriptions: [],
    settings: { mode: 'kafka', kafkaBrokers: brokers, kafkaNamespace: namespace, kafkaRelay: 'builtin', lingerMs }, outboxTable: 'inventory.outbox',
  });

  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => {
    await db.drop();
    await dropNamespace(brokers, namespace);
  });

  async function publish(count: number): Promise<void> {
    const client = await db.pool('inventory_svc').connect();
    try {
      await client.query('BEGIN');
      await new OutboxWriter('inventory.outbox').append(client, aggregateIds(count).map((id) => skuChanged(id)));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const relayLag = async (bus: MessageBus) => (await bus.status()).relayLag?.['inventory.outbox'];

  it('counts the outbox events not yet published, and none once the relay has shipped them', async () => {
    const first = relayBus();
    await first.start();
    await publish(2);
    await waitFor('the relay to publish', async () => ((await relayLag(first)) === 0 ? true : undefined), 30_000, 50);
    await first.stop();

    await publish(3); // no relay running: they wait in the outbox
    expect(await relayLag(first)).toBe(3);

    const second = relayBus();
    await second.start();
    try {
      await waitFor('the relay to catch up', async () => ((await relayLag(second)) === 0 ? true : undefined), 30_000, 50);
    } finally {
      await second.stop();
    }
  });

  // Ctrl-C stops a service's consumers first; the outbox rows of their last batch must still reach Kafka, or a
  // restart that switches to Debezium (whose slot starts where it is made) never publishes them.
  it('publishes what its service committed before it stopped', async () => {
    // A minute's linger after its first partial batch: the relay reads nothing more unless stopping drains it.
    const bus = relayBus(60_000);
    await bus.start();
    try {
      await publish(1);
      await waitFor('the first batch', async () => ((await relayLag(bus)) === 0 ? true : undefined), 30_000, 50);
      await publish(3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await relayLag(bus)).toBe(3);
    } finally {
      await bus.stop();
    }
    expect(await relayLag(bus)).toBe(0);
  });
});
