import { DEFAULT_KAFKA_NAMESPACE, deadLetterTopicFor, topicFor } from '@shop/contracts';
import { consumerLag } from '@shop/service-kit';
import { Partitioners } from 'kafkajs';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { BatchProcessor } from './batch-processor';
import { ConsumerStore } from './consumer-store';
import type { Subscription } from './handler';
import { createMissingTopics } from './kafka-topics';
import { RetryPolicy } from './retry-policy';
import { sleep } from './sleep';
import { definitionsOf } from './topic-definitions';

export interface KafkaConsumerOptions {
  group: string;
  kafka: Kafka;
  pool: Pool;
  store: ConsumerStore;
  subscriptions: Subscription[];
  retry: RetryPolicy;
  log: Logger;
  batchSize?: number;
  /** Prefix of topics and of the consumer group id (default `shop`). */
  namespace?: string;
  /** First wait before replacing a consumer that kafkajs gave up on (doubling, at most 10 s). */
  crashRestartMs?: number;
  /** The bus's linger (BUS_LINGER_MS, PROJECTION_LINGER_MS): above the fetch's usual wait, fetches gather (fetchSettings). */
  lingerMs?: number;
}

/** How long a fetch waits at the broker when nothing is there: a saga hop's message is handed over at once. */
const FETCH_WAIT_MS = 50;
/** What a gathering fetch waits for at most before the linger is up: far more than the projections read in 500 ms. */
const GATHERING_FETCH_BYTES = 1024 * 1024;

/**
 * What a group's fetches ask of the broker. By default a fetch returns as soon as one message is there, so every
 * message a saga hop publishes is fetched on its own, at once. A group that lingers longer than the fetch's wait
 * (the projections: read models may trail by half a second) lets the broker hold each fetch until the linger is
 * up or a megabyte has gathered, as the embedded mode spaces its reads: one fetch and one transaction per linger
 * instead of one per message, which on 2 cores the broker and the projections paid for in CPU per order.
 */
export function fetchSettings(lingerMs: number | undefined): { minBytes: number; maxWaitTimeInMs: number } {
  if (lingerMs === undefined || lingerMs <= FETCH_WAIT_MS) return { minBytes: 1, maxWaitTimeInMs: FETCH_WAIT_MS };
  return { minBytes: GATHERING_FETCH_BYTES, maxWaitTimeInMs: lingerMs };
}

function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: the processor dead-letters it as a contract violation
  }
}

/**
 * Kafka-mode consumer group: the same BatchProcessor as the embedded mode, fed by kafkajs batches. Offsets are
 * committed only after the batch's transaction committed; a crash in between redelivers, and the inbox makes
 * the redelivery a no-op. Partitions are consumed one batch at a time, so a key's events stay in order.
 */
export class KafkaEventConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  private admin?: Admin;
  private readonly processors = new Map<string, BatchProcessor<string>>();
  private readonly abort = new AbortController();
  private paused = false;

  constructor(private readonly options: KafkaConsumerOptions) {}

  /**
   * The Kafka group id: with a namespace (the services always pass one) it is prefixed, so deployments sharing a
   * cluster never split each other's partitions; without one it is the group name as given.
   */
  get groupId(): string {
    return this.options.namespace ? `${this.options.namespace}.${this.options.group}` : this.options.group;
  }

  get topics(): string[] {
    return [...new Set(this.options.subscriptions.map((subscription) => topicFor(subscription.contract.aggregateType, this.options.namespace)))];
  }

  private processorFor(topic: string): BatchProcessor<string> {
    let processor = this.processors.get(topic);
    if (!processor) {
      processor = new BatchProcessor<string>({ ...this.options, source: topic });
      this.processors.set(topic, processor);
    }
    return processor;
  }

  async start(): Promise<void> {
    const { kafka, group, log } = this.options;
    // The partitioner kafkajs 2 uses anyway (murmur2, as the Java client), named so it does not warn about it.
    this.producer = kafka.producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    this.admin = kafka.admin();
    await this.admin.connect();
    // As infra/kafka/topics.json defines them: partitions, retention, compaction.
    const topics = this.topics.flatMap((topic) => [topic, deadLetterTopicFor(topic)]);
    const created = await createMissingTopics(this.admin, definitionsOf(topics, this.options.namespace ?? DEFAULT_KAFKA_NAMESPACE));
    if (created.length > 0) log.info({ group, topics: created }, 'created kafka topics');
    await this.startConsumer();
    log.info({ group, topics: this.topics }, 'kafka consumer started');
  }

  private async startConsumer(): Promise<void> {
    const { kafka } = this.options;
    const consumer = kafka.consumer({ groupId: this.groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000, ...fetchSettings(this.options.lingerMs), retry: { retries: 20 } });
    this.consumer = consumer;
    // kafkajs restarts a crashed consumer only after a retriable error. After a non-retriable one it stays
    // stopped for good, and the group reads nothing until the service restarts: a broker restart can end in
    // KafkaJSGroupCoordinatorNotFound, and the chaos suite then found captures never refunded. Replace it.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && this.consumer === consumer && !this.abort.signal.aborted) this.replaceLater(consumer, payload.error, 1);
    });
    await consumer.connect();
    for (const topic of this.topics) await consumer.subscribe({ topic, fromBeginning: true });
    const batchSize = this.options.batchSize ?? 500;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const processor = this.processorFor(batch.topic);
        let index = 0;
        while (index < batch.messages.length && isRunning() && !isStale() && !this.abort.signal.aborted) {
          const chunk = batch.messages.slice(index, index + batchSize);
          const outcome = await processor.process(chunk.map((message) => ({ raw: parseValue(message.value), position: message.offset })));
          if (outcome.deadLettered) {
            const failed = chunk[outcome.consumed - 1];
            await this.producer!.send({
              topic: deadLetterTopicFor(batch.topic),
              messages: [{ key: failed.key, value: failed.value, headers: { ...failed.headers, 'x-consumer-group': this.options.group, 'x-error': outcome.deadLettered.error.slice(0, 500) } }],
            });
          }
          if (outcome.committedUpTo !== undefined) {
            resolveOffset(outcome.committedUpTo);
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(outcome.committedUpTo) + 1n).toString() }]);
          }
          index += outcome.consumed;
          if (outcome.failed) await sleep(outcome.failed.retryInMs, this.abort.signal);
          await heartbeat();
        }
      },
    });
    if (this.paused) consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  /** Starts a new consumer in place of one kafkajs will not restart; retried with a doubling wait until it runs. */
  private replaceLater(crashed: Consumer, error: unknown, attempt: number): void {
    const delayMs = Math.min(10_000, (this.options.crashRestartMs ?? 500) * 2 ** (attempt - 1));
    this.options.log.error({ group: this.options.group, err: (error as Error)?.message ?? String(error), attempt, delayMs }, 'kafka consumer stopped after a non-retriable error; starting a new one');
    setTimeout(async () => {
      if (this.abort.signal.aborted) return;
      await crashed.disconnect().catch(() => undefined);
      try {
        await this.startConsumer();
        this.options.log.info({ group: this.options.group }, 'kafka consumer replaced; reading on from the committed offsets');
      } catch (failure) {
        if (!this.abort.signal.aborted) this.replaceLater(this.consumer!, failure, attempt + 1);
      }
    }, delayMs);
  }

  /** Messages on the subscribed topics not yet committed by this group. */
  async lag(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    if (!this.admin) return result;
    for (const topic of this.topics) {
      const [ends, committed] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId: this.groupId, topics: [topic] }),
      ]);
      const committedByPartition = new Map(committed[0]?.partitions.map((partition) => [partition.partition, BigInt(partition.offset)]) ?? []);
      let lag = 0n;
      for (const end of ends) {
        const done = committedByPartition.get(end.partition) ?? -1n;
        lag += BigInt(end.high) - (done < 0n ? BigInt(end.low) : done);
      }
      result[topic] = Number(lag);
      consumerLag.set({ group: this.options.group, source: topic }, result[topic]);
    }
    return result;
  }

  /** Stops fetching after the batch in flight (operators: maintenance, or letting a burst queue up). */
  pause(): void {
    this.paused = true;
    this.consumer?.pause(this.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    this.paused = false;
    this.consumer?.resume(this.topics.map((topic) => ({ topic })));
  }

  anyProcessor(): BatchProcessor<string> {
    return this.processorFor(this.topics[0]);
  }

  /** Finishes the batch in flight, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }
}
