import { topicFor } from '@shop/contracts';
import type { Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { ConsumerStore } from './consumer-store';
import { EventLogReader, LogPosition, LoggedEvent, isAfter } from './event-log-reader';
import { LogWakeups, ReaderPacing } from './log-wakeups';
import { guardSession } from './session-guard';
import { sleep } from './sleep';

export interface OutboxRelayOptions {
  /** The service's own outbox table, e.g. `payments.outbox`. */
  table: string;
  pool: Pool;
  store: ConsumerStore;
  producer: Producer;
  log: Logger;
  batchSize?: number;
  pollMs?: number;
  /** Wakes the relay when its table gets a commit; without it, it polls every pollMs. */
  wakeups?: LogWakeups;
  idleMs?: number;
  /** Least gap between two reads after a partial batch (ReaderPacing); 0 reads again at once. */
  lingerMs?: number;
  /** Prefix of the topics written (default `shop`). */
  namespace?: string;
}

const RELAY_GROUP = 'relay:kafka';
/** How long a stopping relay keeps publishing what its service committed last. */
const DRAIN_ON_STOP_MS = 3_000;

/**
 * The built-in relay for sites without Kafka Connect: reads the outbox in the same commit-safe order as the
 * embedded consumers, publishes each batch (key = aggregate id, trace context and event id in headers, acks
 * from all replicas), then saves its checkpoint. A crash between publish and checkpoint publishes the batch
 * again: at-least-once, made harmless by the consumers' inbox. One relay per table leads, chosen by a session
 * advisory lock; the others wait, so a second instance is a hot standby rather than a source of reordering.
 */
export class OutboxRelay {
  private readonly abort = new AbortController();
  private readonly reader: EventLogReader;
  private done: Promise<void> = Promise.resolve();
  /** Events published since start, for the benchmark and metrics. */
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.reader = new EventLogReader(options.table);
  }

  start(): void {
    this.done = this.run();
  }

  /**
   * Events of the outbox past the relay's saved checkpoint: not yet published (or published and about to be
   * checkpointed). Read from the checkpoint row, so any instance answers for the leader.
   */
  async lag(): Promise<Record<string, number>> {
    const { pool, store, table } = this.options;
    return { [table]: await this.reader.lag(pool, await store.readCheckpoint(pool, RELAY_GROUP, table)) };
  }

  private async run(): Promise<void> {
    const { pool, log, table } = this.options;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      let leader: PoolClient | undefined;
      let unguard = () => undefined as void;
      try {
        leader = await pool.connect();
        // Held for as long as this relay leads, idle between polls: a dropped session must fail the next
        // query (and restart the loop), not crash the service through an unlistened 'error' event.
        unguard = guardSession(leader);
        const { rows } = await leader.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [`${RELAY_GROUP}:${table}`]);
        if (!rows[0].locked) {
          unguard();
          leader.release();
          leader = undefined;
          await sleep(1_000, signal);
          continue;
        }
        log.info({ table }, 'outbox relay is the leader for its table');
        await this.relayWhileLeader(leader, signal);
      } catch (error) {
        log.error({ err: error, table }, 'outbox relay failed; restarting from its checkpoint');
        await sleep(1_000, signal);
      } finally {
        if (leader) {
          const alive = await leader.query('SELECT pg_advisory_unlock_all()').then(() => true, () => false);
          unguard();
          // A client whose session died must not go back to the pool for the next poll to trip over.
          leader.release(alive ? undefined : true);
        }
      }
    }
  }

  private async relayWhileLeader(client: PoolClient, signal: AbortSignal): Promise<void> {
    const { store, table } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    let position: LogPosition = await store.readCheckpoint(client, RELAY_GROUP, table);
    const pacing = new ReaderPacing(table, this.options.wakeups, this.options.idleMs ?? 1_000, this.options.pollMs ?? 10, { ms: this.options.lingerMs ?? 0, fullBatch: batchSize });
    // Back from idle: a checkpoint moved ahead meanwhile (the seed does that) wins; never move back.
    const backFromIdle = async () => {
      const stored = await store.readCheckpoint(client, RELAY_GROUP, table);
      if (isAfter(stored, position)) position = stored;
    };
    while (!signal.aborted) {
      if ((await pacing.lingerBeforeRead(signal)).idle) await backFromIdle();
      if (signal.aborted) break;
      pacing.beforeRead();
      const { events, horizon } = await this.reader.read(client, position, batchSize);
      const { idle } = await pacing.afterRead(events.length, horizon, signal);
      if (idle) await backFromIdle();
      if (events.length === 0) continue;
      position = await this.publish(client, events);
    }
    await this.drainOnStop(client, position, batchSize);
  }

  /**
   * On stop, publishes what is readable before letting go: the service's consumers stop first, and the outbox rows
   * of their last batch would otherwise wait for the next start, or for ever if that start switches to Debezium
   * (whose slot begins where it is created). Gives up after DRAIN_ON_STOP_MS; the checkpoint keeps the rest.
   */
  private async drainOnStop(client: PoolClient, from: LogPosition, batchSize: number): Promise<void> {
    const until = Date.now() + DRAIN_ON_STOP_MS;
    let position = from;
    while (Date.now() < until) {
      const { events, horizon } = await this.reader.read(client, position, batchSize);
      if (events.length > 0) position = await this.publish(client, events);
      // Nothing readable, and no commit announced behind the horizon (another service's transaction still open):
      // everything this service committed is out.
      else if (!this.options.wakeups?.heldBack(this.options.table, horizon)) return;
      else await sleep(10);
    }
  }

  /** Sends a batch of events to their topics (acks from every in-sync replica), then moves the checkpoint past it. */
  private async publish(client: PoolClient, events: LoggedEvent[]): Promise<LogPosition> {
    const { store, table, producer } = this.options;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const { envelope } of events) {
      const topic = topicFor(envelope.aggregateType, this.options.namespace);
      const headers: Record<string, string> = { eventId: envelope.eventId, type: envelope.type, version: String(envelope.version) };
      if (envelope.traceparent) headers.traceparent = envelope.traceparent;
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: envelope.aggregateId, value: JSON.stringify(envelope), headers });
      byTopic.set(topic, messages);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    const position = events[events.length - 1].position;
    // One UPDATE, atomic on its own: no BEGIN/COMMIT round trips, and no failed transaction left open on the
    // session when it fails.
    await store.saveCheckpoint(client, RELAY_GROUP, table, position);
    this.published += events.length;
    return position;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
