import type { EventContract, EventEnvelope } from '@shop/contracts';
import type { Tx } from '@shop/postgres';
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
}

export type EventHandlerFn<Payload = unknown> = (event: EventEnvelope<Payload>, context: HandlerContext) => Promise<void>;

/** A handler bound to one event type and version. */
export interface Subscription<Payload = unknown> {
  contract: EventContract<Payload>;
  handle: EventHandlerFn<Payload>;
  /**
   * The aggregates (keys from aggregateKey) whose events this handler may append. The batch locks them before
   * its first write, which keeps each aggregate's events in order on the log (see aggregate-lock.ts).
   */
  writes?: (event: EventEnvelope<Payload>) => string[];
}

export function subscribe<Payload>(
  contract: EventContract<Payload>,
  handle: EventHandlerFn<Payload>,
  options: { writes?: (event: EventEnvelope<Payload>) => string[] } = {},
): Subscription {
  return { contract, handle: handle as EventHandlerFn, writes: options.writes as Subscription['writes'] };
}
