import { describeKafka, tailTopic } from '../../../testing/src/kafka';
import { ConformanceDriver } from './driver';
import { aggregateIds, interleavedWork, skuChanged } from './fixtures';

jest.setTimeout(180_000);

// Faults injected in the database, between "batch published to Kafka" and "relay checkpoint saved": the first
// checkpoint save kills the relay's session (a crash), the second fails with an error. The relay must resume
// from its stored checkpoint, publishing those batches again; the consumers' inbox absorbs the copies.
const ARM_FAULTS = `
  CREATE SEQUENCE inventory.relay_faults;
  CREATE FUNCTION inventory.relay_checkpoint_fault() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
  DECLARE
    fault bigint;
  BEGIN
    IF NEW.consumer_group <> 'relay:kafka' THEN RETURN NEW; END IF;
    fault := nextval('inventory.relay_faults'); -- sequences are not transactional: each fault fires once
    IF fault = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
    IF fault = 2 THEN RAISE EXCEPTION 'injected: relay checkpoint save fails once'; END IF;
    RETURN NEW;
  END
  $fn$;
  CREATE TRIGGER relay_checkpoint_fault BEFORE UPDATE ON inventory.consumer_checkpoints
    FOR EACH ROW EXECUTE FUNCTION inventory.relay_checkpoint_fault()`;

describeKafka('conformance: built-in relay killed mid-batch [kafka, built-in relay]', (brokers) => {
  let driver: ConformanceDriver;
  beforeEach(async () => (driver = await ConformanceDriver.create({ name: 'kafka', brokers })));
  afterEach(() => driver.close());

  it('loses nothing and applies the republished copies once', async () => {
    await driver.admin.query(ARM_FAULTS);
    const topic = await tailTopic(driver.kafkaClient, driver.topic);
    try {
      await driver.startConsumer({ batchSize: 20 });
      const events = await driver.produceConcurrently(interleavedWork(aggregateIds(10), 20).map((id) => skuChanged(id)), 4, 3);
      await driver.waitForEffects(events.map((event) => event.eventId));
      await driver.waitUntilDrained();

      // Both faults fired: the relay really died between publishing and saving its checkpoint, twice.
      const { rows } = await driver.admin.query('SELECT last_value::int AS fired FROM inventory.relay_faults');
      expect(rows[0].fired).toBeGreaterThanOrEqual(2);
      // Some events really went to Kafka more than once ...
      const ours = new Set(events.map((event) => event.eventId));
      const copies = new Map<string, number>();
      for (const message of topic.messages) {
        const eventId = message.headers.eventId;
        if (ours.has(eventId)) copies.set(eventId, (copies.get(eventId) ?? 0) + 1);
      }
      expect([...copies.values()].filter((count) => count > 1).length).toBeGreaterThan(0);
      expect(await driver.duplicatesSeen()).toBeGreaterThan(0);
      // ... and yet every event has exactly one effect.
      const effects = await driver.effects();
      expect(effects.map((effect) => effect.eventId).sort()).toEqual([...ours].sort());
    } finally {
      await topic.stop();
    }
  });
});
