import { DEFAULT_KAFKA_NAMESPACE, EventEnvelope, aggregateTypesIn, topicFor } from '@shop/contracts';
import { withTransaction } from '@shop/postgres';
import { deadLetterDepth } from '@shop/service-kit';
import { Partitioners } from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { BatchProcessor } from './batch-processor';
import { ConsumerStore, DeadLetter, DeadLetterOrder } from './consumer-store';
import type { Subscription } from './handler';
import { createKafka } from './kafka-client';
import { KafkaEventConsumer } from './kafka-consumer';
import { createMissingTopics } from './kafka-topics';
import { LogWakeups } from './log-wakeups';
import { OutboxRelay } from './outbox-relay';
import { PostgresLogConsumer, wakeupsFor } from './postgres-consumer';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { definitionsOf } from './topic-definitions';

export interface BusSettings {
  mode: 'postgres' | 'kafka';
  kafkaBrokers: string[];
  /** `builtin`: this service relays its own outbox; `debezium`: Kafka Connect does. */
  kafkaRelay: 'builtin' | 'debezium';
  /** Prefix of topics and consumer group ids (default `shop`). */
  kafkaNamespace?: string;
  /** Log readers (embedded mode, built-in relay): least gap between two reads after a partial batch; default 5 ms. */
  lingerMs?: number;
}

export interface MessageBusOptions {
  service: string;
  /** Consumer group name; one per service and purpose. */
  group: string;
  /** The service's schema, holding its inbox, checkpoints and dead letters. */
  schema: string;
  pool: Pool;
  subscriptions: Subscription[];
  log: Logger;
  settings: BusSettings;
  /** The service's own outbox table, relayed to Kafka by the built-in relay. */
  outboxTable?: string;
  retry?: RetryPolicy;
  batchSize?: number;
  /** Poll interval of log readers while they have no wake-up listener. */
  pollMs?: number;
  /** Longest wait of an idle log reader between wake-ups (a safety net for a lost notification). */
  idleMs?: number;
  /**
   * A listening session shared by several buses of one process (Postgres mode), started and stopped by its owner.
   * Without it a bus that reads a log opens its own. Postgres 15 signals every listening session in the database on
   * each notifying commit, whatever its channels, so each session is a process woken per commit.
   */
  wakeups?: LogWakeups;
}

export interface BusStatus {
  group: string;
  mode: string;
  /** True while an operator has paused the consumer group (POST /internal/bus/pause). */
  paused: boolean;
  lag: Record<string, number>;
  deadLetters: number;
  /** In Kafka mode, the group id the broker knows (`<namespace>.<group>`), for Kafka's own tools. */
  kafkaGroup?: string;
  /**
   * With the built-in relay, this service's outbox events not yet published to Kafka (`{ <outbox table>: n }`): a
   * relay that cannot publish shows here, while every consumer group's lag stays 0.
   */
  relayLag?: Record<string, number>;
}

/**
 * One service's connection to the bus: its consumer group (embedded log or Kafka) and, in Kafka mode with the
 * built-in relay, the relay of its outbox. Handlers are the same Subscriptions in both modes.
 */
export class MessageBus {
  readonly store: ConsumerStore;
  private consumer?: PostgresLogConsumer | KafkaEventConsumer;
  private relay?: OutboxRelay;
  private kafka?: Kafka;
  private producer?: Producer;
  private readonly redriver: BatchProcessor<unknown>;
  private started = false;
  private paused = false;
  /** The listening session that wakes this bus's log readers: its own, or the shared one it was given. */
  private wakeups?: LogWakeups;
  /** Whether this bus opened `wakeups`, and so stops it (a shared one is stopped by its owner). */
  private ownsWakeups = false;

  constructor(private readonly options: MessageBusOptions) {
    this.store = new ConsumerStore(options.schema);
    const retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.redriver = new BatchProcessor({ ...options, store: this.store, retry, source: 'redrive' });
  }

  async start(): Promise<void> {
    const { settings, subscriptions, pool, log, group } = this.options;
    const retry = this.options.retry ?? DEFAULT_RETRY_POLICY;
    const readsLog = settings.mode === 'postgres' ? subscriptions.length > 0 : Boolean(this.options.outboxTable && settings.kafkaRelay === 'builtin');
    if (readsLog) {
      if (this.options.wakeups && settings.mode === 'postgres') this.wakeups = this.options.wakeups;
      else {
        // Only the tables this bus reads: its consumer's sources, or the outbox its relay ships.
        // In Postgres mode its readers take only their groups' types; the relay ships every type of its outbox.
        this.wakeups = settings.mode === 'postgres' ? wakeupsFor(pool, log, subscriptions) : new LogWakeups(pool, log, [this.options.outboxTable!]);
        this.ownsWakeups = true;
        await this.wakeups.start();
      }
    }
    const { wakeups } = this;
    const idleMs = this.options.idleMs;
    const lingerMs = settings.lingerMs ?? 5;
    if (settings.mode === 'kafka') {
      this.kafka = createKafka(`${this.options.service}`, settings.kafkaBrokers, log);
      if (this.options.outboxTable && settings.kafkaRelay === 'builtin') {
        this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
        await this.producer.connect();
        await this.createRelayedTopics(this.kafka, this.options.outboxTable, settings.kafkaNamespace ?? DEFAULT_KAFKA_NAMESPACE);
        this.relay = new OutboxRelay({
          table: this.options.outboxTable, pool, store: this.store, producer: this.producer, log, batchSize: this.options.batchSize, pollMs: this.options.pollMs, wakeups, idleMs, lingerMs,
          namespace: settings.kafkaNamespace,
        });
        this.relay.start();
      }
      if (subscriptions.length > 0) {
        this.consumer = new KafkaEventConsumer({
          group, kafka: this.kafka, pool, store: this.store, subscriptions, retry, log, batchSize: this.options.batchSize, namespace: settings.kafkaNamespace, lingerMs,
        });
      }
    } else if (subscriptions.length > 0) {
      this.consumer = new PostgresLogConsumer({ group, pool, store: this.store, subscriptions, retry, log, batchSize: this.options.batchSize, pollMs: this.options.pollMs, wakeups, idleMs, lingerMs });
    }
    await this.consumer?.start();
    this.started = true;
  }

  /** The topics this relay publishes to, as infra/kafka/topics.json defines them, before its first publish. */
  private async createRelayedTopics(kafka: Kafka, outboxTable: string, namespace: string): Promise<void> {
    const types = aggregateTypesIn(outboxTable);
    if (types.length === 0) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await createMissingTopics(admin, definitionsOf(types.map((type) => topicFor(type, namespace)), namespace));
      if (created.length > 0) this.options.log.info({ topics: created }, 'created kafka topics');
    } finally {
      await admin.disconnect();
    }
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** The listening session that wakes this bus's log readers or relay, once started: its own or a shared one. */
  get listener(): LogWakeups | undefined {
    return this.wakeups;
  }

  async status(): Promise<BusStatus> {
    const deadLetters = await this.store.deadLetterCount(this.options.pool, this.options.group);
    deadLetterDepth.set({ group: this.options.group }, deadLetters);
    const kafkaGroup = this.consumer instanceof KafkaEventConsumer ? { kafkaGroup: this.consumer.groupId } : {};
    const relayLag = this.relay ? { relayLag: await this.relay.lag() } : {};
    return { group: this.options.group, mode: this.options.settings.mode, paused: this.paused, lag: (await this.consumer?.lag()) ?? {}, deadLetters, ...kafkaGroup, ...relayLag };
  }

  /**
   * Stops consuming after the batch in flight, until resume: for maintenance, or to let a burst queue up and
   * then measure how fast it drains (bench/flash-sale.ts). Producing, relaying and HTTP are unaffected.
   */
  pause(): void {
    this.consumer?.pause();
    this.paused = true;
  }

  resume(): void {
    this.consumer?.resume();
    this.paused = false;
  }

  deadLetters(limit = 100, order: DeadLetterOrder = 'oldest'): Promise<DeadLetter[]> {
    return this.store.pendingDeadLetters(this.options.pool, this.options.group, limit, order);
  }

  /**
   * Runs dead letters through their handlers again (after the cause was fixed) and marks them redriven.
   * A dead letter never got an inbox row, so the handler runs once; a redrive interrupted after the handler
   * committed finds the inbox row next time and only marks the letter. A letter that fails again stays pending.
   */
  async redrive(ids?: string[]): Promise<{ redriven: string[]; failed: { id: string; error: string }[]; notFound: string[] }> {
    const pending = await this.deadLetters(10_000);
    const letters = pending.filter((letter) => !ids || ids.includes(letter.id));
    // Ids asked for that are not this group's pending letters (mistyped, another service's, or redriven already):
    // reported, so a redrive that did nothing does not read as a success.
    const notFound = (ids ?? []).filter((id) => !pending.some((letter) => letter.id === id));
    const redriven: string[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const letter of letters) {
      try {
        await this.redriver.redrive(letter.envelope as EventEnvelope);
        await withTransaction(this.options.pool, (tx) => this.store.markRedriven(tx, letter.id));
        redriven.push(letter.id);
      } catch (error) {
        failed.push({ id: letter.id, error: (error as Error).message });
      }
    }
    return { redriven, failed, notFound };
  }

  /** Graceful: the batch in flight commits, then consumers and relay stop. */
  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect();
    if (this.ownsWakeups) await this.wakeups?.stop();
  }
}
