import { EventEnvelope, validateEnvelope } from '@shop/contracts';
import { Queryable, Tx, run, runOne, sql } from '@shop/postgres';
import type { SagaState, SagaStep } from '../../domain/checkout-saga';
import type { OrderDraft } from '../../domain/checkout';
import type { OrderStatus } from '../../domain/order-status';

/** The columns the saga and the event factory need, read under the row lock. */
export interface OrderSagaRow {
  id: string;
  customer_id: string;
  merchant_id: string;
  status: OrderStatus;
  saga_step: SagaStep;
  payment_attempt: number;
  payment_token: string;
  currency: string;
  total_cents: string;
  version: number;
  saga_deadline: Date;
}

/** An event of the order log: the envelope plus the status history columns. */
export interface OrderLogEntry {
  envelope: EventEnvelope;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  actor: string;
  reason: string | null;
}

const SAGA_COLUMNS = 'id, customer_id, merchant_id, status, saga_step, payment_attempt, payment_token, currency, total_cents, version, saga_deadline';

const LOCK_FOR_SAGA = sql<OrderSagaRow>('orders.orders.lock_for_saga', `SELECT ${SAGA_COLUMNS} FROM orders.orders WHERE id = $1 FOR UPDATE`);
// The new saga state and all of the step's events (up to two) in one statement: one round trip per step.
const SAVE_WITH_EVENTS = sql(
  'orders.orders.save_with_events',
  `WITH logged AS (
     INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
     SELECT e.event_id, $1::bigint, $1::text, e.event_type, e.event_version, e.sequence, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.traceparent
       FROM unnest($7::uuid[], $8::text[], $9::int[], $10::int[], $11::varchar[], $12::varchar[], $13::text[], $14::text[], $15::jsonb[], $16::text[])
         AS e(event_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
   )
   UPDATE orders.orders SET status = $2::varchar, saga_step = $3, payment_attempt = $4, payment_token = COALESCE($5, payment_token), version = $6, updated_at = now(),
     cancelled_at = CASE WHEN $2::varchar = 'CANCELLED' THEN coalesce(cancelled_at, now()) ELSE NULL END
   WHERE id = $1`,
);
const LOCK_MANY_FOR_SAGA = sql<OrderSagaRow>(
  'orders.orders.lock_many_for_saga',
  `SELECT ${SAGA_COLUMNS} FROM orders.orders WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
);
// Many orders' new saga states and all their events in one statement (a consumer batch's run of saga steps).
const SAVE_MANY_WITH_EVENTS = sql(
  'orders.orders.save_many_with_events',
  `WITH logged AS (
     INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
     SELECT e.event_id, e.order_id, e.order_id::text, e.event_type, e.event_version, e.sequence, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.traceparent
       FROM unnest($6::bigint[], $7::uuid[], $8::text[], $9::int[], $10::int[], $11::varchar[], $12::varchar[], $13::text[], $14::text[], $15::jsonb[], $16::text[])
         WITH ORDINALITY AS e(order_id, event_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent, position)
      ORDER BY e.position
   )
   UPDATE orders.orders AS o SET status = s.status, saga_step = s.step, payment_attempt = s.attempt, version = s.version, updated_at = now(),
     cancelled_at = CASE WHEN s.status = 'CANCELLED' THEN coalesce(o.cancelled_at, now()) ELSE NULL END
     FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::int[], $5::int[]) AS s(id, status, step, attempt, version)
    WHERE o.id = s.id`,
);
const STALLED = sql<{ id: string }>(
  'orders.orders.stalled',
  `SELECT id FROM orders.orders WHERE status = 'PENDING' AND saga_deadline < $1 ORDER BY saga_deadline LIMIT $2`,
);

/** Writes of the order aggregate: the order with its lines, its saga state, and its append-only event log. */
export class PgOrderRepository {
  lockForSaga(tx: Tx, orderId: string) {
    return runOne(tx, LOCK_FOR_SAGA, [orderId]);
  }

  /** Stores the saga state (a token only when given) and appends its events with the next sequence numbers, in the caller's transaction. */
  async saveWithEvents(tx: Tx, order: Pick<OrderSagaRow, 'id' | 'version'>, state: SagaState & { paymentToken?: string }, entries: OrderLogEntry[]): Promise<number> {
    let version = order.version;
    for (const entry of entries) {
      entry.envelope.sequence = ++version;
      validateEnvelope(entry.envelope); // published events always match their contract
    }
    await run(tx, SAVE_WITH_EVENTS, [
      order.id, state.status, state.step, state.attempt, state.paymentToken ?? null, version,
      entries.map((entry) => entry.envelope.eventId),
      entries.map((entry) => entry.envelope.type),
      entries.map((entry) => entry.envelope.version),
      entries.map((entry) => entry.envelope.sequence),
      entries.map((entry) => entry.fromStatus),
      entries.map((entry) => entry.toStatus),
      entries.map((entry) => entry.actor),
      entries.map((entry) => entry.reason),
      entries.map((entry) => JSON.stringify(entry.envelope)),
      entries.map((entry) => entry.envelope.traceparent ?? null),
    ]);
    return version;
  }

  /** Locks the orders' rows in id order (deadlock-free against other lockers of several orders). */
  lockManyForSaga(tx: Tx, orderIds: string[]) {
    return run(tx, LOCK_MANY_FOR_SAGA, [orderIds]);
  }

  /**
   * Saves several orders' saga states with their events in one statement; each order's entries get the
   * sequences after `fromVersion`, in order (the caller holds the rows' locks and the orders' aggregate locks).
   */
  async saveManyWithEvents(tx: Tx, changes: { id: string; fromVersion: number; state: SagaState; entries: OrderLogEntry[] }[]): Promise<void> {
    if (changes.length === 0) return;
    const events: { orderId: string; entry: OrderLogEntry }[] = [];
    const versions = changes.map((change) => {
      let version = change.fromVersion;
      for (const entry of change.entries) {
        entry.envelope.sequence = ++version;
        validateEnvelope(entry.envelope); // published events always match their contract
        events.push({ orderId: change.id, entry });
      }
      return version;
    });
    await run(tx, SAVE_MANY_WITH_EVENTS, [
      changes.map((change) => change.id), changes.map((change) => change.state.status), changes.map((change) => change.state.step),
      changes.map((change) => change.state.attempt), versions,
      events.map((event) => event.orderId), events.map((event) => event.entry.envelope.eventId), events.map((event) => event.entry.envelope.type),
      events.map((event) => event.entry.envelope.version), events.map((event) => event.entry.envelope.sequence), events.map((event) => event.entry.fromStatus),
      events.map((event) => event.entry.toStatus), events.map((event) => event.entry.actor), events.map((event) => event.entry.reason),
      events.map((event) => JSON.stringify(event.entry.envelope)), events.map((event) => event.entry.envelope.traceparent ?? null),
    ]);
  }

  async stalled(db: Queryable, now: Date, limit: number): Promise<string[]> {
    return (await run(db, STALLED, [now, limit])).map((row) => row.id);
  }
}
