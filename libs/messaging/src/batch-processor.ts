import { ContractViolation, EventEnvelope, validateEnvelope } from '@shop/contracts';
import { Tx, withTransaction } from '@shop/postgres';
import { eventsHandled, sagaStepDuration } from '@shop/service-kit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { lockAggregates } from './aggregate-lock';
import { ConsumerStore } from './consumer-store';
import type { HandlerContext, Subscription } from './handler';
import { RetryPolicy, backoffMs, shouldDeadLetter } from './retry-policy';

/** One message as a transport delivers it, before validation. */
export interface Delivery<Position> {
  raw: unknown;
  position: Position;
}

export interface BatchOutcome<Position> {
  /** Position of the last delivery whose effect committed (or that was skipped or dead-lettered). */
  committedUpTo?: Position;
  /** Deliveries handled in this call; the rest must be delivered again. */
  consumed: number;
  /** The delivery that failed and must be retried after `retryInMs`. */
  failed?: { position: Position; retryInMs: number };
  deadLettered?: { envelope: EventEnvelope; error: string; attempts: number };
}

export interface BatchProcessorOptions<Position> {
  group: string;
  source: string;
  pool: Pool;
  store: ConsumerStore;
  subscriptions: Subscription[];
  retry: RetryPolicy;
  log: Logger;
  /** Saves the transport position inside the transaction (Postgres mode); Kafka commits offsets afterwards. */
  saveCheckpoint?: (tx: Tx, position: Position) => Promise<void>;
}

function handlerKey(type: string, version: number) {
  return `${type}@${version}`;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Best-effort identity of a message that failed validation, so its dead letter can still be found. */
function placeholderEnvelope(raw: unknown): EventEnvelope {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<EventEnvelope>;
  const eventId = typeof value.eventId === 'string' && /^[0-9a-f-]{36}$/i.test(value.eventId) ? value.eventId : NIL_UUID;
  return {
    eventId,
    type: String(value.type ?? 'unknown'),
    version: Number(value.version ?? 0),
    aggregateType: 'order',
    aggregateId: String(value.aggregateId ?? 'unknown'),
    sequence: 0,
    occurredAt: new Date().toISOString(),
    correlationId: String(value.correlationId ?? 'unknown'),
    causationId: String(value.causationId ?? 'unknown'),
    payload: {},
  };
}

/**
 * The transport-independent heart of every consumer. A batch runs in one transaction; each event gets a
 * savepoint, an inbox row (a duplicate is skipped) and its handler. The first failure stops the batch: what
 * came before commits, the failing event is retried with backoff, and after the last attempt it is moved to
 * the dead-letter store so the stream keeps going. Events of one aggregate therefore never overtake each other.
 */
export class BatchProcessor<Position> {
  private readonly handlers = new Map<string, Subscription>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: BatchProcessorOptions<Position>) {
    for (const subscription of options.subscriptions) {
      this.handlers.set(handlerKey(subscription.contract.type, subscription.contract.version), subscription);
    }
  }

  get subscribedTypes(): string[] {
    return [...new Set(this.options.subscriptions.map((subscription) => subscription.contract.type))];
  }

  async process(deliveries: Delivery<Position>[]): Promise<BatchOutcome<Position>> {
    const { group, store, pool, log } = this.options;
    const afterCommit: (() => Promise<void>)[] = [];
    let failure: { index: number; error: unknown; envelope: EventEnvelope } | undefined;
    let consumed = 0;
    let committedUpTo: Position | undefined;
    const timings: { type: string; occurredAt: string }[] = [];

    // Validate first: the batch ends before the first invalid message, which is then dead-lettered.
    const envelopes: EventEnvelope[] = [];
    for (let index = 0; index < deliveries.length; index++) {
      try {
        envelopes.push(validateEnvelope(deliveries[index].raw));
      } catch (error) {
        failure = { index, error, envelope: placeholderEnvelope(deliveries[index].raw) };
        break;
      }
    }
    const lockKeys = envelopes.flatMap((envelope) => this.handlers.get(handlerKey(envelope.type, envelope.version))?.writes?.(envelope) ?? []);

    await withTransaction(pool, async (tx) => {
      await lockAggregates(tx, lockKeys);
      for (let index = 0; index < envelopes.length; index++) {
        const delivery = deliveries[index];
        const envelope = envelopes[index];
        const subscription = this.handlers.get(handlerKey(envelope.type, envelope.version));
        if (subscription) {
          await tx.query('SAVEPOINT event');
          try {
            if (await store.markProcessed(tx, group, envelope.eventId)) {
              const context: HandlerContext = {
                tx,
                log: log.child({ eventId: envelope.eventId, type: envelope.type, correlationId: envelope.correlationId, ...orderIdOf(envelope) }),
                afterCommit: (task) => afterCommit.push(task),
              };
              await subscription.handle(envelope, context);
              timings.push({ type: envelope.type, occurredAt: envelope.occurredAt });
            } else {
              eventsHandled.inc({ group, type: envelope.type, outcome: 'duplicate' });
            }
            await tx.query('RELEASE SAVEPOINT event');
          } catch (error) {
            await tx.query('ROLLBACK TO SAVEPOINT event');
            failure = { index, error, envelope };
            break;
          }
        }
        committedUpTo = delivery.position;
        consumed = index + 1;
      }
      if (committedUpTo !== undefined && this.options.saveCheckpoint) await this.options.saveCheckpoint(tx, committedUpTo);
    });

    const now = Date.now();
    for (const timing of timings) {
      eventsHandled.inc({ group, type: timing.type, outcome: 'ok' });
      sagaStepDuration.observe({ type: timing.type }, Math.max(0, now - Date.parse(timing.occurredAt)) / 1000);
    }
    for (const task of afterCommit) {
      task().catch((error) => log.error({ err: error }, 'after-commit task failed; the owning service retries it on its own schedule'));
    }
    if (!failure) return { committedUpTo, consumed };
    return this.onFailure(deliveries[failure.index], failure.envelope, failure.error, committedUpTo, consumed);
  }

  private async onFailure(delivery: Delivery<Position>, envelope: EventEnvelope, error: unknown, committedUpTo: Position | undefined, consumed: number): Promise<BatchOutcome<Position>> {
    const { group, source, store, pool, log, retry } = this.options;
    const key = envelope.eventId + ':' + JSON.stringify(delivery.position);
    const attempts = (this.failures.get(key) ?? 0) + 1;
    const permanent = error instanceof ContractViolation;
    const message = error instanceof Error ? error.message : String(error);
    if (!shouldDeadLetter(retry, attempts, permanent)) {
      this.failures.set(key, attempts);
      const retryInMs = backoffMs(retry, attempts);
      log.warn({ eventId: envelope.eventId, type: envelope.type, attempts, retryInMs, err: message, ...orderIdOf(envelope) }, 'event handler failed; will retry');
      eventsHandled.inc({ group, type: envelope.type, outcome: 'retry' });
      return { committedUpTo, consumed, failed: { position: delivery.position, retryInMs } };
    }
    this.failures.delete(key);
    await withTransaction(pool, async (tx) => {
      await store.deadLetter(tx, group, source, envelope, delivery.raw, message, attempts);
      if (this.options.saveCheckpoint) await this.options.saveCheckpoint(tx, delivery.position);
    });
    log.error({ eventId: envelope.eventId, type: envelope.type, attempts, err: message, ...orderIdOf(envelope) }, 'event moved to the dead-letter store');
    eventsHandled.inc({ group, type: envelope.type, outcome: 'dead-lettered' });
    return { committedUpTo: delivery.position, consumed: consumed + 1, deadLettered: { envelope, error: message, attempts } };
  }

  /** Re-runs one dead letter through its handler (the redrive command); the inbox still guards against doubles. */
  async redrive(envelope: EventEnvelope): Promise<void> {
    const valid = validateEnvelope(envelope);
    const subscription = this.handlers.get(handlerKey(valid.type, valid.version));
    if (!subscription) throw new Error(`group ${this.options.group} has no handler for ${valid.type} v${valid.version}`);
    const afterCommit: (() => Promise<void>)[] = [];
    await withTransaction(this.options.pool, async (tx) => {
      await lockAggregates(tx, subscription.writes?.(valid) ?? []);
      if (!(await this.options.store.markProcessed(tx, this.options.group, valid.eventId))) return;
      await subscription.handle(valid, { tx, log: this.options.log.child({ eventId: valid.eventId, redrive: true, ...orderIdOf(valid) }), afterCommit: (task) => afterCommit.push(task) });
    });
    for (const task of afterCommit) await task();
  }
}

export function orderIdOf(envelope: EventEnvelope): { orderId?: string } {
  const orderId = (envelope.payload as { orderId?: unknown } | undefined)?.orderId;
  return typeof orderId === 'string' ? { orderId } : {};
}
