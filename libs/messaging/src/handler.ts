import type { EventContract, EventEnvelope } from '@shop/contracts';
import type { NamedQuery, PipelineStep, Tx } from '@shop/postgres';
import type { QueryResultRow } from 'pg';
import type { Logger } from 'pino';

/** What a handler gets besides the event: the transaction its effects (and the inbox row) commit in. */
export interface HandlerContext {
  readonly tx: Tx;
  /** Carries orderId (when the event has one), eventId and correlationId on every line. */
  readonly log: Logger;
  /** Runs after the transaction committed, e.g. to call an outside system; never inside the transaction. */
  afterCommit(task: () => Promise<void>): void;
  /**
   * Runs once per batch, in its transaction, after the batch's last handler: a later call with the same key
   * replaces the earlier one. For bookkeeping that would otherwise cost a statement per event.
   */
  beforeCommit(key: string, task: (tx: Tx) => Promise<void>): void;
  /**
   * The rows of the batch's prefetch with this key (Subscription.prefetch), once: a second call, or a batch that
   * fetched none (the careful path after a failure, a redrive), gets undefined and the handler reads for itself.
   */
  prefetched(key: string): QueryResultRow[] | undefined;
  /**
   * A write whose result the handler does not need before the commit, run later in the same transaction as a
   * prepared statement: with the batch's COMMIT (one round trip less), or in one round trip before the transaction's
   * next statement if one comes first, so what runs later in the batch sees it. On the careful path and in a
   * redrive it runs at once. `onRows` gets its rows once it ran (with the COMMIT: after the commit), e.g. to queue
   * afterCommit tasks for what it inserted; it must not throw.
   */
  atCommit(query: NamedQuery, values: readonly unknown[], onRows?: (rows: QueryResultRow[]) => void): Promise<void>;
}

/**
 * A read a handler would start with, sent instead in the batch's first round trip (with the BEGIN, the aggregate
 * locks and the inbox rows) over all the batch's events of the subscriptions sharing its key: one round trip less
 * per batch, and a transaction that is open for one round trip less. The statement runs before the handler knows
 * which events are duplicates, so it must be harmless for any of them (a read, or a lock the handler takes anyway).
 */
export interface Prefetch {
  key: string;
  /** One named statement and its values, over the batch's events (a step of the opening pipeline). */
  step: (events: readonly EventEnvelope[]) => PipelineStep;
}

export type EventHandlerFn<Payload = unknown> = (event: EventEnvelope<Payload>, context: HandlerContext) => Promise<void>;

/** Handles consecutive events of one type together; see subscribeBatch. */
export type BatchHandlerFn<Payload = unknown> = (events: EventEnvelope<Payload>[], context: HandlerContext) => Promise<void>;

/** A handler bound to one event type and version. */
export interface Subscription<Payload = unknown> {
  contract: EventContract<Payload>;
  handle: EventHandlerFn<Payload>;
  /**
   * Set by subscribeBatch: the fast path hands it each run of consecutive events it takes at once (events no
   * handler of the group takes do not break a run; subscriptions sharing one handleBatch share their runs).
   */
  handleBatch?: BatchHandlerFn<Payload>;
  /**
   * The aggregates (keys from aggregateKey) whose events this handler may append. The batch locks them before
   * its first write, which keeps each aggregate's events in order on the log (see aggregate-lock.ts).
   */
  writes?: (event: EventEnvelope<Payload>) => string[];
  /**
   * The handler's own statements make a second delivery of an event change nothing (unique keys with ON CONFLICT
   * DO NOTHING, updates guarded by the aggregate's sequence), so the batch writes no inbox row for its events: a
   * redelivery runs the handler again, harmlessly. Only for handlers that append no events and call no one (the
   * projections); a saga step must keep the inbox, or a redelivery would emit its events twice.
   */
  idempotent?: boolean;
  /** See Prefetch. */
  prefetch?: Prefetch;
}

/** Options of subscribe, subscribeBatch and subscribeBatchOf. */
export interface SubscribeOptions<Payload = unknown> {
  writes?: (event: EventEnvelope<Payload>) => string[];
  /** See Subscription.idempotent. */
  idempotent?: boolean;
  /** See Prefetch. */
  prefetch?: Prefetch;
}

export function subscribe<Payload>(
  contract: EventContract<Payload>,
  handle: EventHandlerFn<Payload>,
  options: SubscribeOptions<Payload> = {},
): Subscription {
  return { contract, handle: handle as EventHandlerFn, writes: options.writes as Subscription['writes'], idempotent: options.idempotent, prefetch: options.prefetch };
}

/**
 * Like subscribe, for handlers that do set-based work: the batch processor passes each run of consecutive
 * events of this type (fresh ones, in log order) in one call, in the batch's transaction. Runs never reorder
 * events across types, so per-aggregate order holds. A failing run is redone one event at a time to find the
 * event to blame, so the handler must give the same result for one event as for a run.
 */
export function subscribeBatch<Payload>(
  contract: EventContract<Payload>,
  handleBatch: BatchHandlerFn<Payload>,
  options: SubscribeOptions<Payload> = {},
): Subscription {
  return {
    contract,
    handle: ((event: EventEnvelope<Payload>, context: HandlerContext) => handleBatch([event], context)) as EventHandlerFn,
    handleBatch: handleBatch as BatchHandlerFn,
    writes: options.writes as Subscription['writes'],
    idempotent: options.idempotent,
    prefetch: options.prefetch,
  };
}

/**
 * subscribeBatch over several contracts with one handler: a run holds consecutive events of any of them, in log
 * order (a projection that applies many event types writes a whole batch in a few statements).
 */
export function subscribeBatchOf(
  contracts: readonly EventContract[],
  handleBatch: BatchHandlerFn,
  options: SubscribeOptions = {},
): Subscription[] {
  const handle: EventHandlerFn = (event, context) => handleBatch([event], context);
  return contracts.map((contract) => ({ contract, handle, handleBatch, writes: options.writes, idempotent: options.idempotent, prefetch: options.prefetch }));
}
