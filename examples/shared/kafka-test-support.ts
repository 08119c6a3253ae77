import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@shop/contracts';
import { Kafka, KafkaJSNonRetriableError, logLevel } from 'kafkajs';
import { PublishedContracts } from './published-contracts';

/**
 * Test support for the examples: the suites need a real broker. Without KAFKA_BROKERS they are skipped with the
 * reason in their title; with REQUIRE_KAFKA=1 (CI) a missing broker is a failing test instead.
 */
export function describeKafka(title: string, body: (brokers: string[]) => void): void {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
  if (brokers.length > 0) return describe(title, () => body(brokers));
  const reason = 'KAFKA_BROKERS is not set (npm run kafka:up, then KAFKA_BROKERS=127.0.0.1:9092)';
  if (process.env.REQUIRE_KAFKA === '1') {
    describe(title, () => it('has the Kafka it requires', () => {
      throw new Error(`REQUIRE_KAFKA=1 but ${reason}`);
    }));
  } else {
    // A file whose tests are all skipped is listed as skipped without its titles; the todo carries the reason.
    describe(`${title} [skipped]`, () => it.todo(reason));
    describe.skip(title, () => body([]));
  }
}

/** A name no other run on the shared broker uses (topics, groups). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function quietKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'examples-tests', brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

/** Publishes envelopes exactly as the platform's relay does: value = JSON envelope, key = aggregate id, headers. */
export async function publish(kafka: Kafka, topic: string, envelopes: EventEnvelope[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: envelopes.map((envelope) => ({
        key: envelope.aggregateId,
        value: JSON.stringify(envelope),
        headers: { eventId: envelope.eventId, type: envelope.type, version: String(envelope.version), ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}) },
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Publishes raw values (for poison messages). */
export async function publishRaw(kafka: Kafka, topic: string, key: string, value: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  await producer.disconnect();
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Committed offsets of `groupId` on `topic`, summed over partitions (the count of messages it finished). */
export async function committedCount(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return committed.partitions.reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The published contracts, except that the first message read throws an error kafkajs will not restart its
 * consumer after (as a group coordinator lost across a broker restart does).
 */
export function contractsFailingOnce(): PublishedContracts {
  const real = PublishedContracts.load();
  let thrown = false;
  return Object.assign(Object.create(real) as PublishedContracts, {
    read: (value: Buffer | string | null) => {
      if (thrown) return real.read(value);
      thrown = true;
      throw new KafkaJSNonRetriableError('injected: not retriable');
    },
  });
}

/** Rejects when `stopped` has not settled within `ms`: a worker that should have stopped but runs on. */
export function settledWithin<T>(stopped: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([stopped, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} was still running after ${ms / 1000} s`)), ms))]);
}
