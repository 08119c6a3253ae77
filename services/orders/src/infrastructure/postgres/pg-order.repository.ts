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

  async stalled(db: Queryable, now: Date, limit: number): Promise<string[]> {
    return (await run(db, STALLED, [now, limit])).map((row) => row.id);
  }
}
