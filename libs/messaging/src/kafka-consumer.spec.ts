import { SkuChangedV1Contract } from '@shop/contracts';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import pino from 'pino';
import { ConsumerStore } from './consumer-store';
import { subscribe } from './handler';
import { KafkaEventConsumer, fetchSettings } from './kafka-consumer';

/** kafkajs's client as far as the consumer uses it: records every consumer made and lets a test crash one. */
function fakeKafka(existingTopics: string[] = []) {
  const created: string[][] = [];
  const consumers: { config: Record<string, unknown>; calls: string[]; crash: (payload: { error: Error; restart: boolean }) => void }[] = [];
  const client = {
    producer: () => ({ connect: async () => undefined, disconnect: async () => undefined, send: async () => undefined }),
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => existingTopics,
      createTopics: async ({ topics }: { topics: { topic: string }[] }) => void created.push(topics.map((entry) => entry.topic)),
    }),
    consumer: (config: Record<string, unknown>) => {
      const record = { config, calls: [] as string[], crash: (_payload: { error: Error; restart: boolean }) => undefined as void };
      consumers.push(record);
      return {
        events: { CRASH: 'consumer.crash' },
        on: (event: string, listener: (event: { payload: { error: Error; restart: boolean } }) => void) => {
          if (event === 'consumer.crash') record.crash = (payload) => listener({ payload });
        },
        connect: async () => void record.calls.push('connect'),
        subscribe: async () => void record.calls.push('subscribe'),
        run: async () => void record.calls.push('run'),
        pause: () => void record.calls.push('pause'),
        resume: () => void record.calls.push('resume'),
        disconnect: async () => void record.calls.push('disconnect'),
      };
    },
  };
  return { kafka: client as unknown as Kafka, consumers, created };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KafkaEventConsumer topics', () => {
  // Asking for topics that exist is answered with errors, which kafkajs logs at error level on every start.
  it.each([
    { name: 'creates its topic and dead-letter topic when neither exists', existing: [], created: [['shop.sku', 'shop.sku.dlq']] },
    { name: 'creates only the missing one', existing: ['shop.sku'], created: [['shop.sku.dlq']] },
    { name: 'asks for nothing when both exist', existing: ['shop.sku', 'shop.sku.dlq'], created: [] },
  ])('$name', async ({ existing, created }) => {
    const fake = fakeKafka(existing);
    const consumer = new KafkaEventConsumer({
      group: 'topics-test', kafka: fake.kafka, pool: {} as Pool, store: new ConsumerStore('readmodels'), log: pino({ level: 'silent' }),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: [subscribe(SkuChangedV1Contract, async () => undefined)],
    });
    await consumer.start();
    expect(fake.created).toEqual(created);
    await consumer.stop();
  });
});

describe('KafkaEventConsumer after a crash', () => {
  const make = () => {
    const fake = fakeKafka();
    const consumer = new KafkaEventConsumer({
      group: 'crash-test', kafka: fake.kafka, pool: {} as Pool, store: new ConsumerStore('readmodels'), log: pino({ level: 'silent' }),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: [subscribe(SkuChangedV1Contract, async () => undefined)], crashRestartMs: 10,
    });
    return { fake, consumer };
  };

  it.each([
    { name: 'kafkajs restarts it itself (retriable error): nothing more', restart: true, consumers: 1 },
    { name: 'kafkajs gives up (non-retriable, e.g. no group coordinator after a broker restart): a new consumer runs', restart: false, consumers: 2 },
  ])('$name', async ({ restart, consumers }) => {
    const { fake, consumer } = make();
    await consumer.start();
    fake.consumers[0].crash({ error: new Error('KafkaJSGroupCoordinatorNotFound'), restart });
    await settle(60);
    expect(fake.consumers).toHaveLength(consumers);
    if (consumers === 2) {
      expect(fake.consumers[0].calls).toContain('disconnect');
      expect(fake.consumers[1].calls).toEqual(['connect', 'subscribe', 'run']);
    }
    await consumer.stop();
  });

  it('a paused group stays paused in the new consumer; a stopped one is not replaced', async () => {
    const { fake, consumer } = make();
    await consumer.start();
    consumer.pause();
    fake.consumers[0].crash({ error: new Error('gone'), restart: false });
    await settle(60);
    expect(fake.consumers[1].calls).toEqual(['connect', 'subscribe', 'run', 'pause']);
    await consumer.stop();
    fake.consumers[1].crash({ error: new Error('gone'), restart: false });
    await settle(60);
    expect(fake.consumers).toHaveLength(2);
  });
});

describe('fetchSettings', () => {
  it.each([
    { name: 'no linger: a message is fetched as soon as it is there', lingerMs: undefined, settings: { minBytes: 1, maxWaitTimeInMs: 50 } },
    { name: "the saga services' 5 ms: the same", lingerMs: 5, settings: { minBytes: 1, maxWaitTimeInMs: 50 } },
    { name: 'a linger no longer than the fetch wait: the same', lingerMs: 50, settings: { minBytes: 1, maxWaitTimeInMs: 50 } },
    { name: "the projections' 500 ms: the broker gathers for the linger", lingerMs: 500, settings: { minBytes: 1024 * 1024, maxWaitTimeInMs: 500 } },
  ])('$name', ({ lingerMs, settings }) => {
    expect(fetchSettings(lingerMs)).toEqual(settings);
  });

  it.each([
    { lingerMs: undefined, minBytes: 1, maxWaitTimeInMs: 50 },
    { lingerMs: 500, minBytes: 1024 * 1024, maxWaitTimeInMs: 500 },
  ])('a group with linger $lingerMs ms asks kafkajs for it', async ({ lingerMs, minBytes, maxWaitTimeInMs }) => {
    const fake = fakeKafka();
    const consumer = new KafkaEventConsumer({
      group: 'linger-test', kafka: fake.kafka, pool: {} as Pool, store: new ConsumerStore('readmodels'), log: pino({ level: 'silent' }),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: [subscribe(SkuChangedV1Contract, async () => undefined)], lingerMs,
    });
    await consumer.start();
    expect(fake.consumers[0].config).toMatchObject({ minBytes, maxWaitTimeInMs });
    await consumer.stop();
  });
});
