import { aggregateIds, interleavedWork, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

// At-least-once transports deliver some envelopes twice (relay restarts, rebalances, replays). The inbox must
// turn a second delivery into a no-op: one effect per event id, however often it arrives.
describeEachMode('conformance: duplicate deliveries', (mode) => {
  const driver = useDriver(mode);

  it('gives an envelope delivered twice exactly one effect', async () => {
    await driver().startConsumer();
    const events = await driver().produceConcurrently(interleavedWork(aggregateIds(5), 4).map((id) => skuChanged(id)), 2, 2);
    await driver().waitForEffects(events.map((event) => event.eventId));
    await driver().waitUntilDrained();
    const duplicatesBefore = await driver().duplicatesSeen();

    // Kafka: the same envelopes are published again. Postgres: the group is rewound to the start of the log.
    await driver().redeliver(events);
    await driver().waitUntilDrained();

    // The redelivery really reached the consumer (otherwise the assertion below would prove nothing) ...
    expect((await driver().duplicatesSeen()) - duplicatesBefore).toBeGreaterThanOrEqual(events.length);
    // ... and changed nothing.
    const effects = await driver().effects();
    expect(effects.map((effect) => effect.eventId).sort()).toEqual(events.map((event) => event.eventId).sort());
  });
});
