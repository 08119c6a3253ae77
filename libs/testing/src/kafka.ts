import { randomBytes } from 'node:crypto';
import { kafkaBrokerList } from '@shop/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaAvailability } from './kafka-availability';

/**
 * Kafka for integration suites. Suites that need a broker run when KAFKA_BROKERS is set; otherwise they are
 * skipped with the reason in their title, or FAIL when REQUIRE_KAFKA=1 (CI), so a green run never hides a
 * silently skipped Kafka suite. The broker is shared by everyone on the machine, so suites isolate themselves:
 * a unique namespace (KAFKA_NAMESPACE: topics and group ids) per suite, deleted afterwards (deleteNamespace),
 * or, on a topic they must share, a fresh group that starts at the topic's current end (startGroupAtEnd).
 */

export type KafkaGate = { run: true; brokers: string[] } | { run: false; fail: boolean; reason: string };

/** Decides whether a Kafka suite runs; `needsConnect` adds the Kafka Connect requirement (CONNECT_URL). */
export function kafkaGate(env: Record<string, string | undefined> = process.env, needsConnect = false): KafkaGate {
  let brokers: string[];
  try {
    const availability = kafkaAvailability(env);
    if (!availability.available) return { run: false, fail: false, reason: availability.reason ?? 'KAFKA_BROKERS is not set' };
    brokers = availability.brokers;
  } catch (error) {
    return { run: false, fail: true, reason: (error as Error).message };
  }
  if (needsConnect && !env.CONNECT_URL) {
    const reason = 'CONNECT_URL is not set (npm run kafka:up starts Kafka Connect on http://127.0.0.1:8083)';
    return { run: false, fail: env.REQUIRE_CONNECT === '1', reason: env.REQUIRE_CONNECT === '1' ? `REQUIRE_CONNECT=1 but ${reason}` : reason };
  }
  return { run: true, brokers };
}

/**
 * `describe` for a suite that needs Kafka (and Kafka Connect with `needsConnect`). Skips visibly, or registers
 * one failing test carrying the reason when the environment demands Kafka.
 */
export function describeKafka(title: string, body: (brokers: string[]) => void, options: { needsConnect?: boolean } = {}): void {
  const gate = kafkaGate(process.env, options.needsConnect);
  if (gate.run) {
    describe(title, () => body(gate.brokers));
  } else if (gate.fail) {
    describe(title, () => {
      it('has the Kafka it requires', () => {
        throw new Error(gate.reason);
      });
    });
  } else {
    describe.skip(`${title} [skipped: ${gate.reason}]`, () => body([]));
  }
}

/** A name no other run on this broker uses: groups, connectors and slots get it as a suffix. */
export function uniqueKafkaName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A quiet kafkajs client for test plumbing (admin, probes); code under test brings its own. */
export function testKafka(brokers: string[], clientId = 'tests'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });
}

/** Creates the topics if missing, with the partition count the services use (3). */
export async function ensureTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** The current end offset of every partition of `topic`: what "everything published so far" means. */
export async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((partition) => [partition.partition, BigInt(partition.high)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits offsets for a group that never ran so it starts at the current end of each topic: a fresh group on a
 * shared topic would otherwise replay every message other runs left there.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: string[]): Promise<void> {
  await ensureTopics(kafka, topics);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** The partitions where `groupId` has not yet committed `targets` (partition -> offset), e.g. `p0 12<15`. */
export async function groupBehind(kafka: Kafka, groupId: string, topic: string, targets: Map<number, bigint>): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map(committed.partitions.map((partition) => [partition.partition, BigInt(partition.offset)]));
    // -1 is "never committed", which is fine for a partition nothing was ever published to.
    const committedOn = (partition: number, target: bigint) => {
      const offset = byPartition.get(partition) ?? -1n;
      return offset < 0n && target === 0n ? 0n : offset;
    };
    return [...targets].filter(([partition, target]) => committedOn(partition, target) < target).map(([partition, target]) => `p${partition} ${byPartition.get(partition) ?? -1n}<${target}`);
  } finally {
    await admin.disconnect();
  }
}

/** Removes what a test namespace left on the shared broker (topics, consumer groups); best effort. */
export async function deleteNamespace(kafka: Kafka, topics: string[], groups: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groups).catch(() => undefined);
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await admin.deleteTopics({ topics: present }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** The brokers a test platform or bench run uses: its own KAFKA_BROKERS setting, else this process's, else the local one. */
export function platformBrokers(env: Record<string, string | undefined> = {}): string[] {
  return kafkaBrokerList(env.KAFKA_BROKERS ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
}

/**
 * Deletes every topic and consumer group of a namespace (`<namespace>.*`): a test platform's or a bench run's
 * topics carry the retention infra/kafka/topics.json defines (days), longer than the dev broker's own day.
 */
export async function dropNamespace(brokers: string[], namespace: string): Promise<void> {
  const kafka = testKafka(brokers, 'namespace-cleanup');
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  let groups: string[];
  try {
    topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((group) => group.startsWith(`${namespace}.`));
  } finally {
    await admin.disconnect();
  }
  await deleteNamespace(kafka, topics, groups);
}

export interface TailedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Records every message published to `topic` after the call (a fresh group starting at the end), for
 * assertions on what actually reached Kafka. Stop it with `stop()`.
 */
export async function tailTopic(kafka: Kafka, topic: string): Promise<{ messages: TailedMessage[]; stop(): Promise<void> }> {
  const groupId = uniqueKafkaName('tail');
  await startGroupAtEnd(kafka, groupId, [topic]);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const messages: TailedMessage[] = [];
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = String(value);
      messages.push({ topic: from, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? null, headers });
    },
  });
  return {
    messages,
    stop: async () => {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
