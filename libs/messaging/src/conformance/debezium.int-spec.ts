import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { waitFor } from '@shop/testing';
import { describeKafka, tailTopic, uniqueKafkaName } from '../../../testing/src/kafka';
import { registerOutboxConnector, removeOutboxConnector } from '../debezium-connector';
import { OutboxWriter } from '../outbox-writer';
import { ConformanceDriver } from './driver';
import { aggregateIds, skuChanged } from './fixtures';

jest.setTimeout(180_000);

const CONNECTOR_FILE = join(repoRoot(), 'infra/debezium/outbox-connector.json');

/** Waits until the connector's replication slot streams: rows committed before that would never be published. */
async function waitForStreamingSlot(driver: ConformanceDriver, slot: string): Promise<void> {
  await waitFor(`replication slot ${slot} to stream`, async () => {
    const { rows } = await driver.admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active AND confirmed_flush_lsn IS NOT NULL', [slot]);
    return rows.length === 1 ? true : undefined;
  }, 60_000, 100);
}

// Debezium reads the outbox from the WAL: only committed rows may reach Kafka, each exactly as written (the
// envelope from the payload column), on shop.<aggregate type>, keyed by aggregate id.
describeKafka(
  'conformance: Debezium outbox connector end to end [kafka, debezium]',
  (brokers) => {
    if (!existsSync(CONNECTOR_FILE)) {
      it.skip(`needs ${CONNECTOR_FILE}, which does not exist`, () => undefined);
      return;
    }
    let driver: ConformanceDriver;
    const connectUrl = process.env.CONNECT_URL!;
    const name = uniqueKafkaName('conformance-outbox');
    const slot = name.replace(/[^a-z0-9]/g, '_');

    beforeEach(async () => (driver = await ConformanceDriver.create({ name: 'kafka', brokers })));
    afterEach(async () => {
      // The slot pins the database (it cannot be dropped) and WAL; it goes before the database does.
      await removeOutboxConnector(connectUrl, driver.db.adminUrl, name, slot);
      await driver.close();
    });

    it('publishes exactly the committed envelope, intact, keyed by aggregate id', async () => {
      // The connector routes to this driver's namespace (`<namespace>.sku`), as a deployment's KAFKA_NAMESPACE would.
      await registerOutboxConnector(connectUrl, driver.db.adminUrl, { name, 'slot.name': slot, 'transforms.outbox.route.topic.replacement': `${driver.namespace}.\${routedByValue}` });
      await waitForStreamingSlot(driver, slot);
      const topic = await tailTopic(driver.kafkaClient, driver.topic);
      try {
        const [aggregate] = aggregateIds(1);
        const [committed] = await driver.commit([skuChanged(aggregate)]);
        const rolledBack = skuChanged(aggregate, 'rolled back');
        const tx = await driver.admin.connect();
        try {
          await tx.query('BEGIN');
          await new OutboxWriter('inventory.outbox').append(tx, [rolledBack]);
          await tx.query('ROLLBACK');
        } finally {
          tx.release();
        }
        // Same key, so same partition, committed after the rollback: once it arrives, the rolled-back row
        // would have arrived before it if it were ever going to.
        const [marker] = await driver.commit([skuChanged(aggregate, 'marker')]);

        const ours = new Set([committed.eventId, rolledBack.eventId, marker.eventId]);
        const arrived = await waitFor('the marker event on the topic', async () => {
          const found = topic.messages.filter((message) => ours.has(message.headers.eventId));
          return found.some((message) => message.headers.eventId === marker.eventId) ? found : undefined;
        }, 60_000, 50);
        expect(arrived.map((message) => message.headers.eventId)).toEqual([committed.eventId, marker.eventId]);
        const [first] = arrived;
        expect(first.key).toBe(aggregate);
        expect(JSON.parse(first.value!)).toEqual(committed);
      } finally {
        await topic.stop();
      }
    });
  },
  { needsConnect: true },
);
