import { aggregateIds, interleavedWork, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

// Many aggregates, many events each, committed by concurrent producers that contend for the same aggregates:
// every aggregate's events must reach the handler in sequence order, each exactly once.
describeEachMode('conformance: per-aggregate ordering', (mode) => {
  const driver = useDriver(mode);

  it('hands every aggregate its events in sequence order, each once', async () => {
    const aggregates = aggregateIds(20);
    const perAggregate = 15;
    // Small batches, so the consumer interleaves many batches with the producers instead of taking all at once.
    await driver().startConsumer({ batchSize: 7 });
    const events = await driver().produceConcurrently(interleavedWork(aggregates, perAggregate).map((id) => skuChanged(id)), 6, 3);

    const effects = await driver().waitForEffects(events.map((event) => event.eventId));
    expect(effects).toHaveLength(aggregates.length * perAggregate);
    const handledOrder = new Map<string, number[]>();
    for (const effect of effects) handledOrder.set(effect.aggregateId, [...(handledOrder.get(effect.aggregateId) ?? []), effect.sequence]);
    const expected = Array.from({ length: perAggregate }, (_, index) => index + 1);
    for (const aggregate of aggregates) expect({ aggregate, sequences: handledOrder.get(aggregate) }).toEqual({ aggregate, sequences: expected });
  });
});
