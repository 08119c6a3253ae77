import { ContractViolation, EventEnvelope, validateEnvelope } from '@shop/contracts';
import { PipelineStep, Queryable, Tx, run, runPipelined } from '@shop/postgres';
import { endSpan, eventsHandled, sagaStepDuration, SpanKind, startSpan, traceparentOf } from '@shop/service-kit';
import type { Pool, QueryResultRow } from 'pg';
import type { Logger } from 'pino';
import { lockAggregates } from './aggregate-lock';
import { ConsumerStore } from './consumer-store';
import type { HandlerContext, Subscription } from './handler';
import { RetryPolicy, backoffMs, shouldDeadLetter } from './retry-policy';
import { withGuardedTransaction } from './session-guard';

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
  /**
   * Saves the transport position inside the transaction (Postgres mode); Kafka commits offsets afterwards.
   * Also called on the pool, outside any transaction, for a batch none of whose events has a handler.
   */
  saveCheckpoint?: (tx: Queryable, position: Position) => Promise<void>;
  /** saveCheckpoint as a pipeline step: the fast path sends it with the COMMIT, saving a round trip per batch. */
  checkpointStep?: (position: Position) => PipelineStep;
}

/** Retry attempts are counted per event and transport position (a redelivery elsewhere starts afresh). */
function failureKey(eventId: string, position: unknown): string {
  return eventId + ':' + JSON.stringify(position);
}

function handlerKey(type: string, version: number) {
  return `${type}@${version}`;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Best-effort identity of a message that failed validation, so its dead letter can still be found, and its log
 * line names the order: the payload's `orderId`, or the aggregate id of an order event.
 */
export function placeholderEnvelope(raw: unknown): EventEnvelope {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<EventEnvelope>;
  const eventId = typeof value.eventId === 'string' && /^[0-9a-f-]{36}$/i.test(value.eventId) ? value.eventId : NIL_UUID;
  const given = (value.payload as { orderId?: unknown } | undefined)?.orderId;
  const orderId = typeof given === 'string' ? given : value.aggregateType === 'order' && typeof value.aggregateId === 'string' ? value.aggregateId : undefined;
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
    payload: orderId === undefined ? {} : { orderId },
  };
}

interface Failure {
  index: number;
  error: unknown;
  envelope: EventEnvelope;
}

/** What one committed transaction did; metrics and after-commit tasks run only once it committed. */
interface Attempt<Position> {
  committedUpTo?: Position;
  consumed: number;
  failure?: Failure;
  afterCommit: (() => Promise<void>)[];
  /** Once-per-batch work queued by handlers (by key), run after the last handler, before the checkpoint. */
  beforeCommit: Map<string, (tx: Tx) => Promise<void>>;
  handled: { type: string; occurredAt: string }[];
  duplicates: string[];
}

/** Thrown inside the fast path's transaction to roll it back when a handler fails. */
class HandlerFailed extends Error {
  /** @param inRun a batch handler failed: the culprit may be any event of its run */
  constructor(readonly failure: Failure, readonly inRun = false) {
    super('handler failed');
  }
}

/** A write deferred with HandlerContext.atCommit, and who wants its rows. */
type DeferredWrite = PipelineStep & { onRows?: (rows: QueryResultRow[]) => void };
/** Writes handlers deferred; `sent` once any went to the server (a failure may be theirs). */
type Deferred = DeferredWrite[] & { sent?: boolean };

function deliverRows(writes: readonly DeferredWrite[], rows: QueryResultRow[][]): void {
  writes.forEach((write, index) => write.onRows?.(rows[index]));
}

/** HandlerContext.atCommit where nothing is deferred (the careful path, a redrive): the write runs at once. */
function writingNow(tx: Tx): HandlerContext['atCommit'] {
  return async (query, values, onRows) => {
    const rows = await run(tx, query, values);
    onRows?.(rows);
  };
}

/**
 * The fast path's transaction as handlers see it: writes deferred with atCommit go out first (one round trip, all
 * of them) when any later statement comes, so it sees them; the rest ride with the COMMIT.
 */
function writingDeferredFirst(client: Tx, deferred: Deferred): Tx {
  const query = async (...args: unknown[]) => {
    if (deferred.length > 0) {
      deferred.sent = true;
      const writes = deferred.splice(0);
      deliverRows(writes, await runPipelined(client, writes));
    }
    return (client.query as (...values: unknown[]) => unknown)(...args);
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') return query;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...values: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** 25P02: an earlier statement of the transaction failed (e.g. a handler swallowed a database error). */
function isAbortedTransaction(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '25P02';
}

/**
 * The transport-independent heart of every consumer. A batch runs in one transaction: inbox rows (a duplicate
 * is skipped; none for idempotent handlers), handlers, checkpoint. The first failure stops the batch: what came
 * before commits, the failing event is retried with backoff, and after the last attempt it is moved to the
 * dead-letter store so the stream keeps going. Events of one aggregate therefore never overtake each other.
 *
 * Two paths with that one outcome. The fast path writes every inbox row in one statement and runs the handlers
 * without savepoints: a handful of round trips per batch instead of three per event (bench/messaging.ts,
 * Postgres mode, 2 shared cores: ~4.5k -> 13-19k events/s draining a backlog). When a handler fails there, the
 * transaction rolls back and the careful path redoes the events before it with a savepoint each (normally all
 * succeed and commit; the failing handler is not run twice). If the failure came from an earlier statement that
 * failed unseen (a handler swallowed a database error), the careful path re-runs the whole batch, so the event
 * that really failed is the one blamed.
 */
export class BatchProcessor<Position> {
  private readonly handlers = new Map<string, Subscription>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: BatchProcessorOptions<Position>) {
    for (const subscription of options.subscriptions) {
      this.handlers.set(handlerKey(subscription.contract.type, subscription.contract.version), subscription);
    }
  }

  /**
   * Runs a handler inside a consumer span, child of the producer's span; the handler sees that span as the
   * event's trace context, so the events it causes (causedBy) continue the trace from this hop.
   */
  private async invoke(subscription: Subscription, envelope: EventEnvelope, context: HandlerContext): Promise<void> {
    const span = startSpan(`consume ${envelope.type}`, SpanKind.CONSUMER, envelope.traceparent, {
      'messaging.consumer_group': this.options.group,
      'messaging.source': this.options.source,
      'messaging.message_id': envelope.eventId,
      ...orderIdOf(envelope),
    });
    try {
      await subscription.handle({ ...envelope, traceparent: traceparentOf(span) }, context);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  /** A batch handler's run: one consumer span per event, as for single events, around one call. */
  private async invokeRun(subscription: Subscription, run: EventEnvelope[], context: HandlerContext): Promise<void> {
    const spans = run.map((envelope) => startSpan(`consume ${envelope.type}`, SpanKind.CONSUMER, envelope.traceparent, {
      'messaging.consumer_group': this.options.group,
      'messaging.source': this.options.source,
      'messaging.message_id': envelope.eventId,
      'messaging.batch.message_count': run.length,
      ...orderIdOf(envelope),
    }));
    try {
      await subscription.handleBatch!(run.map((envelope, position) => ({ ...envelope, traceparent: traceparentOf(spans[position]) })), context);
      for (const span of spans) endSpan(span);
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      throw error;
    }
  }

  /** A well-named message (string type, integer version) that no handler of this group takes. */
  private passesOver(raw: unknown): boolean {
    const { type, version } = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; version?: unknown };
    return typeof type === 'string' && Number.isInteger(version) && !this.handlers.has(handlerKey(type, version as number));
  }

  get subscribedTypes(): string[] {
    return [...new Set(this.options.subscriptions.map((subscription) => subscription.contract.type))];
  }

  async process(deliveries: Delivery<Position>[]): Promise<BatchOutcome<Position>> {
    const { group, log } = this.options;
    // Validate first: the batch ends before the first invalid message, which is then dead-lettered. A message
    // that names a type and version this group has no handler for is not its business and is only passed over
    // (most of a log is other services' events; validating each in every group cost ~9% of a consumer's CPU).
    let invalid: Failure | undefined;
    const envelopes: EventEnvelope[] = [];
    for (let index = 0; index < deliveries.length; index++) {
      const raw = deliveries[index].raw;
      if (this.passesOver(raw)) {
        envelopes.push(raw as EventEnvelope);
        continue;
      }
      try {
        envelopes.push(validateEnvelope(raw));
      } catch (error) {
        invalid = { index, error, envelope: placeholderEnvelope(deliveries[index].raw) };
        break;
      }
    }

    let attempt: Attempt<Position>;
    try {
      attempt = await this.fastPath(deliveries, envelopes);
    } catch (error) {
      if (error instanceof HandlerFailed && !error.inRun && !isAbortedTransaction(error.failure.error)) {
        // The handler itself failed: commit the events before it; it is not run a second time in this attempt.
        attempt = await this.carefulPath(deliveries, envelopes.slice(0, error.failure.index));
        attempt.failure ??= error.failure;
      } else if (error instanceof HandlerFailed || isAbortedTransaction(error)) {
        // An earlier statement failed unseen (a handler swallowed a database error), or a run of a batch
        // handler failed: find the culprit.
        attempt = await this.carefulPath(deliveries, envelopes);
      } else {
        throw error;
      }
    }

    const now = Date.now();
    for (const type of attempt.duplicates) eventsHandled.inc({ group, type, outcome: 'duplicate' });
    for (const timing of attempt.handled) {
      eventsHandled.inc({ group, type: timing.type, outcome: 'ok' });
      sagaStepDuration.observe({ group, type: timing.type }, Math.max(0, now - Date.parse(timing.occurredAt)) / 1000);
    }
    for (const task of attempt.afterCommit) {
      task().catch((error) => log.error({ err: error }, 'after-commit task failed; the owning service retries it on its own schedule'));
    }
    const { committedUpTo, consumed } = attempt;
    // Retry counts of events that have now committed are done with (they would otherwise pile up forever).
    if (this.failures.size > 0) for (let index = 0; index < consumed; index++) this.failures.delete(failureKey(envelopes[index].eventId, deliveries[index].position));
    const failure = attempt.failure ?? invalid;
    if (!failure) return { committedUpTo, consumed };
    return this.onFailure(deliveries[failure.index], failure.envelope, failure.error, committedUpTo, consumed);
  }

  /** A run's context (no envelope) logs with the event type only: batch handlers name each event's orderId themselves. */
  private context(tx: Tx, envelope: EventEnvelope | { type: string }, attempt: Pick<Attempt<Position>, 'afterCommit' | 'beforeCommit'>, prefetched?: Map<string, QueryResultRow[]>, deferred?: Deferred): HandlerContext {
    const { log } = this.options;
    let child: Logger | undefined;
    return {
      tx,
      // Built on first use: most handlers never log, and a child logger per event is measurable at 5k events/s.
      get log() {
        return (child ??= log.child('eventId' in envelope ? { eventId: envelope.eventId, type: envelope.type, correlationId: envelope.correlationId, ...orderIdOf(envelope) } : { type: envelope.type }));
      },
      afterCommit: (task) => attempt.afterCommit.push(task),
      beforeCommit: (key, task) => attempt.beforeCommit.set(key, task),
      prefetched: (key) => {
        const rows = prefetched?.get(key);
        prefetched?.delete(key); // once: a later run sees rows the first one may have changed
        return rows;
      },
      atCommit: deferred ? async (query, values, onRows) => void deferred.push({ query, values, onRows }) : writingNow(tx),
    };
  }

  /** The batch's prefetch statements (Subscription.prefetch), one per key over all its subscribed events. */
  private prefetches(subscribed: EventEnvelope[]): Map<string, PipelineStep> {
    const byKey = new Map<string, { prefetch: NonNullable<Subscription['prefetch']>; events: EventEnvelope[] }>();
    for (const envelope of subscribed) {
      const prefetch = this.handlers.get(handlerKey(envelope.type, envelope.version))!.prefetch;
      if (!prefetch) continue;
      const entry = byKey.get(prefetch.key) ?? { prefetch, events: [] };
      entry.events.push(envelope);
      byKey.set(prefetch.key, entry);
    }
    return new Map([...byKey].map(([key, { prefetch, events }]) => [key, prefetch.step(events)]));
  }

  private static async runBeforeCommit(tx: Tx, tasks: Map<string, (tx: Tx) => Promise<void>>): Promise<void> {
    for (const task of tasks.values()) await task(tx);
  }

  private lockKeys(envelopes: EventEnvelope[]): string[] {
    return envelopes.flatMap((envelope) => this.handlers.get(handlerKey(envelope.type, envelope.version))?.writes?.(envelope) ?? []);
  }

  /** All valid deliveries in one transaction, one inbox statement, no savepoints; throws HandlerFailed. */
  private async fastPath(deliveries: Delivery<Position>[], envelopes: EventEnvelope[]): Promise<Attempt<Position>> {
    const attempt: Attempt<Position> = { consumed: envelopes.length, afterCommit: [], beforeCommit: new Map(), handled: [], duplicates: [] };
    if (envelopes.length === 0) return attempt;
    const { group, store, pool, saveCheckpoint } = this.options;
    attempt.committedUpTo = deliveries[envelopes.length - 1].position;
    const subscribed = envelopes.filter((envelope) => this.handlers.has(handlerKey(envelope.type, envelope.version)));
    if (subscribed.length === 0) {
      // Nothing to handle (most of a log is other services' business): one statement moves the checkpoint,
      // instead of a transaction with lock, inbox and checkpoint (five round trips).
      if (saveCheckpoint) await saveCheckpoint(pool, attempt.committedUpTo);
      return attempt;
    }
    const { checkpointStep } = this.options;
    // Idempotent handlers' events get no inbox row (Subscription.idempotent): they count as fresh, and a second
    // copy within the batch is still a duplicate.
    const guarded: EventEnvelope[] = [];
    const unguardedIds: string[] = [];
    for (const envelope of subscribed) {
      if (this.handlers.get(handlerKey(envelope.type, envelope.version))!.idempotent) unguardedIds.push(envelope.eventId.toLowerCase());
      else guarded.push(envelope);
    }
    const prefetches = this.prefetches(subscribed);
    // Round trips: BEGIN with the locks, the inbox rows and the prefetches; the handlers; deferred writes and the
    // checkpoint with the COMMIT.
    let began = false;
    const deferred: Deferred = [];
    let committing: DeferredWrite[] = [];
    await withGuardedTransaction(pool, async (client, opened) => {
      began = true;
      const tx = writingDeferredFirst(client, deferred);
      // The opening round trip's rows: the inbox statement's (when any event is guarded), then each prefetch's.
      const fetched = opened.slice(opened.length - prefetches.size);
      const prefetched = new Map([...prefetches.keys()].map((key, position) => [key, fetched[position]]));
      const fresh = guarded.length > 0 ? ConsumerStore.freshIdsOf(opened[0] as { event_id: string }[]) : new Set<string>();
      for (const id of unguardedIds) fresh.add(id);
      for (let index = 0; index < envelopes.length; index++) {
        const envelope = envelopes[index];
        const subscription = this.handlers.get(handlerKey(envelope.type, envelope.version));
        if (!subscription) continue;
        // Deleting claims the inbox row: a second copy of the same event in this batch is a duplicate too.
        if (!fresh.delete(envelope.eventId.toLowerCase())) {
          attempt.duplicates.push(envelope.type);
          continue;
        }
        if (subscription.handleBatch) {
          // The run: this event and the following ones of the same batch handler (one handler may take several
          // types). It goes on over events this group has no handler for (other types on the same log, the v2
          // twin of a v1) and leaves duplicates out: neither is handled, so no handled event changes places.
          const run = [envelope];
          while (index + 1 < envelopes.length) {
            const next = envelopes[index + 1];
            const nextSubscription = this.handlers.get(handlerKey(next.type, next.version));
            if (nextSubscription && nextSubscription.handleBatch !== subscription.handleBatch) break;
            index++;
            if (!nextSubscription) continue;
            if (fresh.delete(next.eventId.toLowerCase())) run.push(next);
            else attempt.duplicates.push(next.type);
          }
          try {
            await this.invokeRun(subscription, run, this.context(tx, { type: envelope.type }, attempt, prefetched, deferred));
          } catch (error) {
            // Which event of the run failed is unknown: the careful path redoes them one at a time.
            throw new HandlerFailed({ index, error, envelope }, true);
          }
          for (const handled of run) attempt.handled.push({ type: handled.type, occurredAt: handled.occurredAt });
          continue;
        }
        try {
          await this.invoke(subscription, envelope, this.context(tx, envelope, attempt, prefetched, deferred));
        } catch (error) {
          throw new HandlerFailed({ index, error, envelope });
        }
        attempt.handled.push({ type: envelope.type, occurredAt: envelope.occurredAt });
      }
      await BatchProcessor.runBeforeCommit(tx, attempt.beforeCommit);
      if (saveCheckpoint && !checkpointStep) await saveCheckpoint(tx, attempt.committedUpTo!);
    }, {
      lockKeys: this.lockKeys(subscribed),
      withBegin: () => [...(guarded.length > 0 ? [store.markProcessedManyStep(group, guarded.map((envelope) => envelope.eventId))] : []), ...prefetches.values()],
      withCommit: () => {
        committing = deferred.splice(0);
        if (committing.length > 0) deferred.sent = true;
        return checkpointStep ? [...committing, checkpointStep(attempt.committedUpTo!)] : committing;
      },
      committed: (rows) => deliverRows(committing, rows),
    }).catch((error: unknown) => {
      // A prefetch that fails (a bad value in some event) fails the opening round trip, and a deferred write the one
      // that sends it: the careful path, which fetches and defers nothing, finds the event to blame. A lost session
      // fails there too and reaches the loop.
      if (((!began && prefetches.size > 0) || deferred.sent) && !(error instanceof HandlerFailed)) throw new HandlerFailed({ index: 0, error, envelope: envelopes[0] }, true);
      throw error;
    });
    return attempt;
  }

  /** A savepoint per event: commits exactly the events before the first failing one. */
  private async carefulPath(deliveries: Delivery<Position>[], envelopes: EventEnvelope[]): Promise<Attempt<Position>> {
    const { group, store, pool, saveCheckpoint } = this.options;
    const attempt: Attempt<Position> = { consumed: 0, afterCommit: [], beforeCommit: new Map(), handled: [], duplicates: [] };
    if (envelopes.length === 0) return attempt;
    await withGuardedTransaction(pool, async (tx) => {
      await lockAggregates(tx, this.lockKeys(envelopes));
      for (let index = 0; index < envelopes.length; index++) {
        const envelope = envelopes[index];
        const subscription = this.handlers.get(handlerKey(envelope.type, envelope.version));
        if (subscription) {
          const tasksBefore = attempt.afterCommit.length;
          const batchTasksBefore = new Map(attempt.beforeCommit);
          await tx.query('SAVEPOINT event');
          try {
            if (subscription.idempotent || (await store.markProcessed(tx, group, envelope.eventId))) {
              await this.invoke(subscription, envelope, this.context(tx, envelope, attempt));
              attempt.handled.push({ type: envelope.type, occurredAt: envelope.occurredAt });
            } else {
              attempt.duplicates.push(envelope.type);
            }
            await tx.query('RELEASE SAVEPOINT event');
          } catch (error) {
            await tx.query('ROLLBACK TO SAVEPOINT event');
            // Its effects are rolled back, so must be the outside calls it queued for after the commit.
            attempt.afterCommit.length = tasksBefore;
            attempt.beforeCommit = batchTasksBefore;
            attempt.failure = { index, error, envelope };
            break;
          }
        }
        attempt.committedUpTo = deliveries[index].position;
        attempt.consumed = index + 1;
      }
      await BatchProcessor.runBeforeCommit(tx, attempt.beforeCommit);
      if (attempt.committedUpTo !== undefined && saveCheckpoint) await saveCheckpoint(tx, attempt.committedUpTo);
    });
    return attempt;
  }

  private async onFailure(delivery: Delivery<Position>, envelope: EventEnvelope, error: unknown, committedUpTo: Position | undefined, consumed: number): Promise<BatchOutcome<Position>> {
    const { group, source, store, pool, log, retry } = this.options;
    const key = failureKey(envelope.eventId, delivery.position);
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
    await withGuardedTransaction(pool, async (tx) => {
      await store.deadLetter(tx, group, source, envelope, delivery.raw, message, attempts);
      if (this.options.saveCheckpoint) await this.options.saveCheckpoint(tx, delivery.position);
    });
    log.error({ eventId: envelope.eventId, type: envelope.type, attempts, err: message, ...orderIdOf(envelope) }, 'event moved to the dead-letter store');
    eventsHandled.inc({ group, type: envelope.type, outcome: 'dead-lettered' });
    return { committedUpTo: delivery.position, consumed: consumed + 1, deadLettered: { envelope, error: message, attempts } };
  }

  /** Re-runs one dead letter through its handler (the redrive command); the inbox (or the handler's idempotence) guards against doubles. */
  async redrive(envelope: EventEnvelope): Promise<void> {
    const valid = validateEnvelope(envelope);
    const subscription = this.handlers.get(handlerKey(valid.type, valid.version));
    if (!subscription) throw new Error(`group ${this.options.group} has no handler for ${valid.type} v${valid.version}`);
    const afterCommit: (() => Promise<void>)[] = [];
    const beforeCommit = new Map<string, (tx: Tx) => Promise<void>>();
    await withGuardedTransaction(this.options.pool, async (tx) => {
      await lockAggregates(tx, subscription.writes?.(valid) ?? []);
      if (!subscription.idempotent && !(await this.options.store.markProcessed(tx, this.options.group, valid.eventId))) return;
      await this.invoke(subscription, valid, {
        tx, log: this.options.log.child({ eventId: valid.eventId, redrive: true, ...orderIdOf(valid) }),
        afterCommit: (task) => afterCommit.push(task), beforeCommit: (key, task) => beforeCommit.set(key, task), prefetched: () => undefined,
        atCommit: writingNow(tx),
      });
      await BatchProcessor.runBeforeCommit(tx, beforeCommit);
    });
    for (const task of afterCommit) await task();
  }
}

export function orderIdOf(envelope: EventEnvelope): { orderId?: string } {
  const orderId = (envelope.payload as { orderId?: unknown } | undefined)?.orderId;
  return typeof orderId === 'string' ? { orderId } : {};
}
