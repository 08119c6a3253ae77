import { testKafka } from '../../../testing/src/kafka';
import { aggregateIds, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

// What GET /internal/bus (and npm run dlq -- lag) says about a group: in Kafka mode it also names the group id the
// broker knows, namespace and all, so an operator can take it to Kafka's own tools.
describeEachMode('conformance: bus status', (mode) => {
  const driver = useDriver(mode);

  it('reports no lag once the group has handled everything, and the Kafka group id in Kafka mode', async () => {
    await driver().startConsumer();
    const events = await driver().produceConcurrently(aggregateIds(4).map((id) => skuChanged(id)), 2, 2);
    await driver().waitForEffects(events.map((event) => event.eventId));
    await driver().waitUntilDrained();

    const status = await driver().consumerStatus();
    expect(status).toMatchObject({ group: driver().group, mode: mode.name, paused: false, deadLetters: 0 });
    expect(Object.values(status.lag).every((lag) => lag === 0)).toBe(true);
    if (mode.name === 'postgres') {
      expect(status.kafkaGroup).toBeUndefined();
      return;
    }
    expect(status.kafkaGroup).toBe(`${driver().namespace}.${driver().group}`);
    // The broker knows that id: it holds the offsets the group committed on the driver's topic.
    const admin = testKafka(mode.brokers, 'bus-status').admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: status.kafkaGroup!, topics: [driver().topic] });
      expect(committed.partitions.some((partition) => Number(partition.offset) > 0)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });
});
