import { deadLetterTopicFor } from '@shop/contracts';
import { waitFor } from '@shop/testing';
import { tailTopic } from '../../../testing/src/kafka';
import { aggregateIds, contractViolation, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

// A message the handler cannot take (a bug) or that breaks its contract must not stall the stream: it is tried
// a bounded number of times, parked as a dead letter, the stream moves on, and after the fix a redrive applies
// it once. A contract violation is parked at once (retrying cannot help) and stays parked on redrive.
describeEachMode('conformance: poison messages and redrive', (mode) => {
  const driver = useDriver(mode);

  it('dead-letters after N tries, keeps the stream going, and redrives once fixed', async () => {
    const [a, b, c] = aggregateIds(3);
    const dlq = mode.name === 'kafka' ? await tailTopic(driver().kafkaClient, deadLetterTopicFor(driver().topic)) : undefined;
    try {
      let broken = true;
      let poisonAttempts = 0;
      const before = [skuChanged(a), skuChanged(a, 'poison'), skuChanged(a), skuChanged(b)];
      const poison = before[1];
      driver().hook = async (event) => {
        if (event.eventId !== poison.eventId) return;
        poisonAttempts++;
        if (broken) throw new Error('handler bug: cannot handle this event');
      };
      await driver().startConsumer({ retry: RETRY });
      for (const event of before) await driver().commit([event]);
      const violation = contractViolation(c);
      await driver().injectRaw(violation);
      const after = [skuChanged(a), skuChanged(b)];
      for (const event of after) await driver().commit([event]);

      // The stream went on past both: everything else is handled, the two are parked with their causes.
      const healthy = [...before, ...after].filter((event) => event !== poison);
      await driver().waitForEffects(healthy.map((event) => event.eventId), 'the events around the poison messages');
      const ours = new Set([poison.eventId, violation.eventId]);
      const letters = await waitFor('both poison messages to be dead-lettered', async () => {
        const found = (await driver().deadLetters()).filter((letter) => ours.has(letter.eventId));
        return found.length === 2 ? found : undefined;
      });
      const poisonLetter = letters.find((letter) => letter.eventId === poison.eventId)!;
      const violationLetter = letters.find((letter) => letter.eventId === violation.eventId)!;
      expect({ attempts: poisonLetter.attempts, handlerRuns: poisonAttempts, error: poisonLetter.error }).toEqual({ attempts: 3, handlerRuns: 3, error: expect.stringContaining('handler bug') });
      expect({ attempts: violationLetter.attempts, error: violationLetter.error }).toEqual({ attempts: 1, error: expect.stringMatching(/priceCents/) });
      expect((await driver().effects()).map((effect) => effect.eventId)).not.toContain(poison.eventId);
      if (dlq) {
        // Kafka mode also publishes them to the dead-letter topic, unchanged, tagged with the group and cause.
        const parked = await waitFor('both poison messages on the dead-letter topic', async () => {
          const found = dlq.messages.filter((message) => message.headers['x-consumer-group'] === driver().group);
          return found.length === 2 ? found : undefined;
        });
        expect(parked.map((message) => JSON.parse(message.value!).eventId).sort()).toEqual([...ours].sort());
      }

      // The fix ships: the poison message is applied exactly once; the contract violation stays parked.
      broken = false;
      const result = await driver().redrive([poisonLetter.id, violationLetter.id]);
      expect(result.redriven).toEqual([poisonLetter.id]);
      expect(result.failed.map((failure) => failure.id)).toEqual([violationLetter.id]);
      expect(result.notFound).toEqual([]);
      expect(await driver().redrive([poisonLetter.id, '987654321'])).toEqual({ redriven: [], failed: [], notFound: [poisonLetter.id, '987654321'] });
      const effects = await driver().effects();
      expect(effects.filter((effect) => effect.eventId === poison.eventId)).toHaveLength(1);
      expect((await driver().deadLetters()).filter((letter) => ours.has(letter.eventId)).map((letter) => letter.eventId)).toEqual([violation.eventId]);
    } finally {
      await dlq?.stop();
    }
  });
});
