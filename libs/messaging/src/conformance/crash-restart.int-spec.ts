import { waitFor } from '@shop/testing';
import { aggregateIds, interleavedWork, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

// A consumer stopped, crashed mid-batch and cut off from its database while events keep coming must still
// end with every event's effect exactly once: nothing lost, nothing applied twice.
describeEachMode('conformance: no loss across consumer crash and restart', (mode) => {
  const driver = useDriver(mode);

  it('applies every event exactly once through a stop, a mid-batch crash and killed connections', async () => {
    const events = interleavedWork(aggregateIds(12), 25).map((id) => skuChanged(id));
    const third = Math.floor(events.length / 3);
    const handledCount = async () => (await driver().effects()).length;

    // Crash inside a batch: on one event, the handler's own session is terminated after the earlier events of
    // the batch ran their handlers, so their uncommitted effects die with it and must be redone, not lost.
    const crashOn = events[third + 5].eventId;
    let crashes = 0;
    // A handler that throws once (a transient bug): retried, not skipped.
    const throwOn = events[2 * third + 3].eventId;
    let throws = 0;
    driver().hook = async (event, context) => {
      if (event.eventId === crashOn && crashes === 0) {
        crashes++;
        await driver().admin.query('SELECT pg_terminate_backend($1)', [(context.tx as unknown as { processID: number }).processID]);
      }
      if (event.eventId === throwOn && throws === 0) {
        throws++;
        throw new Error('transient failure');
      }
    };

    await driver().startConsumer({ batchSize: 10, retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50 } });
    const producing = driver().produceConcurrently(events, 3, 2);

    // Graceful stop mid-stream, restart as a new process would (fresh bus, state from the database/Kafka only).
    await waitFor('a third of the events to be handled', async () => ((await handledCount()) >= third ? true : undefined), 90_000);
    await driver().stopConsumer();
    await driver().startConsumer({ batchSize: 10, retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50 } });

    // Cut the consumer's sessions from outside while it works.
    await waitFor('two thirds of the events to be handled', async () => ((await handledCount()) >= 2 * third ? true : undefined), 90_000);
    // On a loaded machine the consumer can sit idle long enough for its pool to close every session; there is
    // then nothing to cut until events reach it again.
    await waitFor('a consumer session to cut', async () => ((await driver().consumerConnections()) > 0 ? true : undefined), 90_000);
    expect(await driver().killConsumerConnections()).toBeGreaterThan(0);

    await producing;
    const effects = await driver().waitForEffects(events.map((event) => event.eventId));
    await driver().waitUntilDrained();
    expect({ crashes, throws }).toEqual({ crashes: 1, throws: 1 });
    const counts = new Map<string, number>();
    for (const effect of await driver().effects()) counts.set(effect.eventId, (counts.get(effect.eventId) ?? 0) + 1);
    expect(effects.length).toBeGreaterThanOrEqual(events.length);
    expect([...counts.values()].filter((count) => count !== 1)).toEqual([]);
    expect(new Set(counts.keys())).toEqual(new Set(events.map((event) => event.eventId)));
  });
});
