import { EventEnvelope, SkuChangedV1Contract, deadLetterTopicFor, topicFor } from '@shop/contracts';
import { createPool, withTransaction } from '@shop/postgres';
import { eventsHandled } from '@shop/service-kit';
import { TestDatabase, createTestDatabase, waitFor } from '@shop/testing';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import pino from 'pino';
import { dropNamespace, groupBehind, testKafka, topicEnds, uniqueKafkaName } from '../../../testing/src/kafka';
import { aggregateKey, lockAggregates } from '../aggregate-lock';
import { ConsumerStore, DeadLetter } from '../consumer-store';
import { LOG_START } from '../event-log-reader';
import type { HandlerContext } from '../handler';
import { subscribe } from '../handler';
import { BusStatus, MessageBus } from '../message-bus';
import { OutboxWriter } from '../outbox-writer';
import { RetryPolicy } from '../retry-policy';
import { countStatements } from './statement-counter';

/** The transport a conformance suite runs against; every case is written once against this driver. */
export interface BusMode {
  name: 'postgres' | 'kafka';
  brokers: string[];
}

export interface Effect {
  eventId: string;
  aggregateId: string;
  sequence: number;
}

/** Test-specific behaviour run inside the handler before its effect is written (throw, crash, count). */
export type Hook = (event: EventEnvelope, context: HandlerContext) => Promise<void>;

const SOURCE = 'inventory.outbox';
const RELAY_GROUP = 'relay:kafka';
const log = pino({ level: process.env.CONFORMANCE_LOG_LEVEL ?? 'silent' });

/**
 * Producer side: inventory_svc writes inventory.outbox with the real OutboxWriter, in transactions that lock
 * their aggregates first (as services do). Consumer side: a MessageBus for projections_svc whose handler writes
 * one effect row per handled event in the handler's transaction, so "handled exactly once in effect" is a
 * count in the database. Kafka mode adds the built-in relay (a second MessageBus, as the inventory service runs
 * it) between the two.
 */
export class ConformanceDriver {
  /** Unique per driver: the consumer group and the effect rows' owner. */
  readonly group = uniqueKafkaName('conformance');
  /**
   * Unique per driver: Kafka topics (`<namespace>.sku`) and group ids (`<namespace>.<group>`) of this driver
   * alone, so runs sharing the broker never see each other's messages; deleted on close.
   */
  readonly namespace = uniqueKafkaName('conf');
  readonly topic = topicFor(SkuChangedV1Contract.aggregateType, this.namespace);
  /** Every event this driver wrote; the handler ignores anything else (a safety net behind the namespace). */
  readonly produced = new Map<string, EventEnvelope>();
  hook?: Hook;
  /** Calls of the event-log read statement by whoever reads the log (consumer, or relay in Kafka mode). */
  readonly logReads: { readonly count: number };

  private readonly writer = new OutboxWriter('inventory.outbox');
  private readonly store = new ConsumerStore('readmodels');
  private consumer?: MessageBus;
  private relay?: MessageBus;
  private kafka?: Kafka;
  private producer?: Producer;

  private constructor(
    readonly mode: BusMode,
    readonly db: TestDatabase,
    readonly admin: Pool,
    private readonly producerPool: Pool,
    private readonly consumerPool: Pool,
    private readonly relayPool: Pool,
  ) {
    // The relay reads every row; a consumer group reads only its subscriptions' types (EventLogReader's typed read).
    this.logReads = mode.name === 'kafka' ? countStatements(relayPool, `${SOURCE}.read_after`) : countStatements(consumerPool, `${SOURCE}.read_after_typed`);
    if (mode.name === 'kafka') this.kafka = testKafka(mode.brokers, 'conformance');
  }

  static async create(mode: BusMode): Promise<ConformanceDriver> {
    const db = await createTestDatabase();
    const admin = db.pool('admin');
    await admin.query(`CREATE TABLE readmodels.conformance_effects (
        n              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer_group text NOT NULL,
        event_id       uuid NOT NULL,
        aggregate_id   text NOT NULL,
        sequence       int  NOT NULL);
      GRANT SELECT, INSERT ON readmodels.conformance_effects TO projections_svc`);
    const pool = (role: 'inventory_svc' | 'projections_svc', applicationName: string, max: number) => {
      const created = createPool({ url: db.urlFor(role), applicationName, max });
      // The suites kill these connections on purpose; the pool replaces them, the noise is not news.
      created.removeAllListeners('error').on('error', () => undefined);
      return created;
    };
    return new ConformanceDriver(mode, db, admin, pool('inventory_svc', 'conformance-producer', 8), pool('projections_svc', 'conformance-consumer', 4), pool('inventory_svc', 'conformance-relay', 3));
  }

  /** Appends `events` in one transaction (aggregates locked first); returns them with their sequences. */
  async commit(events: EventEnvelope[]): Promise<EventEnvelope[]> {
    for (const event of events) this.produced.set(event.eventId, event);
    await withTransaction(this.producerPool, async (tx) => {
      await lockAggregates(tx, events.map((event) => aggregateKey(event.aggregateType, event.aggregateId)));
      await this.writer.append(tx, events);
    });
    return events;
  }

  /** Commits events from `producers` concurrent connections, 1..maxPerTx events per transaction. */
  async produceConcurrently(work: EventEnvelope[], producers = 4, maxPerTx = 3): Promise<EventEnvelope[]> {
    const queue = [...work];
    await Promise.all(
      Array.from({ length: producers }, async () => {
        while (queue.length > 0) await this.commit(queue.splice(0, 1 + Math.floor(Math.random() * maxPerTx)));
      }),
    );
    return work;
  }

  /** Writes a row the OutboxWriter would refuse (it validates), as a buggy or foreign producer could. */
  async injectRaw(envelope: EventEnvelope): Promise<void> {
    this.produced.set(envelope.eventId, envelope);
    await this.admin.query(
      `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [envelope.eventId, envelope.aggregateType, envelope.aggregateId, envelope.type, envelope.version, envelope.sequence, JSON.stringify(envelope)],
    );
  }

  /** Starts a fresh consumer (as a restarted process would), and in Kafka mode the relay if it is not running. */
  async startConsumer(options: { retry?: RetryPolicy; batchSize?: number } = {}): Promise<void> {
    if (this.consumer) throw new Error('consumer already running');
    const settings = { mode: this.mode.name, kafkaBrokers: this.mode.brokers, kafkaRelay: 'builtin' as const, kafkaNamespace: this.namespace };
    if (this.mode.name === 'kafka') {
      if (!this.relay) {
        this.relay = new MessageBus({ service: 'inventory', group: 'inventory', schema: 'inventory', pool: this.relayPool, subscriptions: [], log, settings, outboxTable: SOURCE });
        await this.relay.start();
      }
    }
    const handle = async (event: EventEnvelope, context: HandlerContext) => {
      if (!this.produced.has(event.eventId)) return;
      await this.hook?.(event, context);
      await context.tx.query('INSERT INTO readmodels.conformance_effects (consumer_group, event_id, aggregate_id, sequence) VALUES ($1, $2, $3, $4)', [
        this.group, event.eventId, event.aggregateId, event.sequence,
      ]);
    };
    this.consumer = new MessageBus({
      service: 'conformance', group: this.group, schema: 'readmodels', pool: this.consumerPool, log, settings,
      subscriptions: [subscribe(SkuChangedV1Contract, handle)], retry: options.retry, batchSize: options.batchSize,
    });
    await this.consumer.start();
  }

  /** The running consumer's status, as GET /internal/bus answers it. */
  async consumerStatus(): Promise<BusStatus> {
    if (!this.consumer) throw new Error('no consumer running');
    return this.consumer.status();
  }

  /** Graceful stop: the batch in flight commits first. */
  async stopConsumer(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  /** Handled events in the order their effects were written. */
  async effects(): Promise<Effect[]> {
    const { rows } = await this.admin.query<Effect>(
      'SELECT event_id AS "eventId", aggregate_id AS "aggregateId", sequence FROM readmodels.conformance_effects WHERE consumer_group = $1 ORDER BY n',
      [this.group],
    );
    return rows;
  }

  async waitForEffects(eventIds: string[], what = `${eventIds.length} events to be handled`): Promise<Effect[]> {
    const wanted = new Set(eventIds);
    return waitFor(what, async () => {
      const effects = await this.effects();
      const seen = new Set(effects.map((effect) => effect.eventId));
      return [...wanted].every((id) => seen.has(id)) ? effects : undefined;
    }, 90_000, 50);
  }

  /** Delivers the events again: Kafka mode re-sends them; Postgres mode rewinds the group to the start of the log. */
  async redeliver(events: EventEnvelope[]): Promise<void> {
    if (this.mode.name === 'kafka') {
      if (!this.producer) {
        this.producer = this.kafka!.producer();
        await this.producer.connect();
      }
      await this.producer.send({ topic: this.topic, messages: events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event), headers: { eventId: event.eventId } })) });
      return;
    }
    await this.stopConsumer();
    await withTransaction(this.consumerPool, (tx) => this.store.saveCheckpoint(tx, this.group, SOURCE, LOG_START));
    await this.startConsumer();
  }

  /** Waits until the consumer has taken (handled, skipped or dead-lettered) everything committed so far. */
  async waitUntilDrained(): Promise<void> {
    const { rows } = await this.admin.query<{ txid: string; id: string }>(`SELECT log.txid::text, log.id::text FROM ${SOURCE} AS log ORDER BY log.txid DESC, log.id DESC LIMIT 1`);
    if (rows.length === 0) return;
    const reached = (group: string, schema: string) => async () => {
      const result = await this.admin.query(
        `SELECT 1 FROM ${schema}.consumer_checkpoints WHERE consumer_group = $1 AND source = $2 AND (last_txid, last_id) >= ($3::xid8, $4::bigint)`,
        [group, SOURCE, rows[0].txid, rows[0].id],
      );
      return result.rowCount === 1 ? true : undefined;
    };
    if (this.mode.name === 'postgres') {
      await waitFor('the consumer to reach the end of the log', reached(this.group, 'readmodels'), 90_000, 50);
      return;
    }
    await waitFor('the relay to reach the end of the outbox', reached(RELAY_GROUP, 'inventory'), 90_000, 50);
    const ends = await topicEnds(this.kafka!, this.topic);
    await waitFor(`group ${this.group} to commit up to the end of ${this.topic}`, async () => {
      const behind = await groupBehind(this.kafka!, `${this.namespace}.${this.group}`, this.topic, ends);
      if (behind.length > 0) throw new Error(`behind on ${behind.join(', ')}`);
      return true;
    }, 90_000, 100);
  }

  /** The consumer's open sessions: none while its pool has closed idle ones (after 30 s without work). */
  async consumerConnections(): Promise<number> {
    const { rows } = await this.admin.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'conformance-consumer'`,
    );
    return rows[0].open;
  }

  /** Terminates the consumer's database sessions from outside, as a failover or network cut would. */
  async killConsumerConnections(): Promise<number> {
    const { rows } = await this.admin.query<{ killed: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'conformance-consumer'`,
    );
    return rows[0].killed;
  }

  /** Deliveries the consumer recognised as duplicates (inbox hit), from the library's own metric. */
  async duplicatesSeen(): Promise<number> {
    const metric = await eventsHandled.get();
    return metric.values.filter((value) => value.labels.group === this.group && value.labels.outcome === 'duplicate').reduce((sum, value) => sum + value.value, 0);
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.consumer!.deadLetters();
  }

  redrive(ids?: string[]) {
    return this.consumer!.redrive(ids);
  }

  /** The Kafka client of the suite (Kafka mode only), for inspecting topics. */
  get kafkaClient(): Kafka {
    if (!this.kafka) throw new Error('no Kafka in Postgres mode');
    return this.kafka;
  }

  async close(): Promise<void> {
    await this.stopConsumer().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await Promise.all([this.producerPool, this.consumerPool, this.relayPool].map((pool) => pool.end().catch(() => undefined)));
    // Every topic and group of the namespace: the relay creates its outbox's other topics too.
    if (this.kafka) await dropNamespace(this.mode.brokers, this.namespace);
    await this.db.drop();
  }
}
