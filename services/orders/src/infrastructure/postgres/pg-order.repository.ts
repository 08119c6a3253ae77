import { EventEnvelope, validateEnvelope } from '@shop/contracts';
import { NamedQuery, PipelineStep, Queryable, Tx, run, runOne, sql } from '@shop/postgres';
import type { SagaState, SagaStep } from '../../domain/checkout-saga';
import type { OrderDraft } from '../../domain/checkout';
import type { OrderStatus } from '../../domain/order-status';
import { Result, fail, ok } from '../../domain/result';

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
const LOCK_MANY_FOR_SAGA = sql<OrderSagaRow>(
  'orders.orders.lock_many_for_saga',
  `SELECT ${SAGA_COLUMNS} FROM orders.orders WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
);
// Orders' new saga states (a token only where given) and all their events in one statement: one order's step, or
// a consumer batch's run of saga steps. The envelopes come as one JSON array ($16), each picked by its position.
const SAVE_MANY_WITH_EVENTS = sql(
  'orders.orders.save_many_with_events',
  `WITH logged AS (
     INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
     SELECT e.event_id, e.order_id, e.order_id::text, e.event_type, e.event_version, e.sequence, e.from_status, e.to_status, e.actor, e.reason,
            $16::jsonb -> (e.position::int - 1), e.traceparent
       FROM unnest($7::bigint[], $8::uuid[], $9::text[], $10::int[], $11::int[], $12::varchar[], $13::varchar[], $14::text[], $15::text[], $17::text[])
         WITH ORDINALITY AS e(order_id, event_id, event_type, event_version, sequence, from_status, to_status, actor, reason, traceparent, position)
      ORDER BY e.position
   )
   UPDATE orders.orders AS o SET status = s.status, saga_step = s.step, payment_attempt = s.attempt, payment_token = COALESCE(s.token, o.payment_token),
     version = s.version, updated_at = now(),
     cancelled_at = CASE WHEN s.status = 'CANCELLED' THEN coalesce(o.cancelled_at, now()) ELSE NULL END
     FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::text[]) AS s(id, status, step, attempt, version, token)
    WHERE o.id = s.id`,
);
// Under the row lock of the transition that ships the order; the unique partial index refuses a number another order has.
const SET_TRACKING_NUMBER = sql('orders.orders.set_tracking_number', `UPDATE orders.orders SET tracking_number = $2 WHERE id = $1`);
/** The index of migration 0010: the only unique violation SET_TRACKING_NUMBER can cause. */
const TRACKING_NUMBER_INDEX = 'orders_tracking_number_key';

const STALLED = sql<{ id: string }>(
  'orders.orders.stalled',
  `SELECT id FROM orders.orders WHERE status = 'PENDING' AND saga_deadline < $1 ORDER BY saga_deadline LIMIT $2`,
);

/** Writes of the order aggregate: the order with its lines, its saga state, and its append-only event log. */
export class PgOrderRepository {
  lockForSaga(tx: Tx, orderId: string) {
    return runOne(tx, LOCK_FOR_SAGA, [orderId]);
  }

  /** Stores one order's saga state (a token only when given) and appends its events; returns the new version. */
  async saveWithEvents(tx: Tx, order: Pick<OrderSagaRow, 'id' | 'version'>, state: SagaState & { paymentToken?: string }, entries: OrderLogEntry[]): Promise<number> {
    await this.saveManyWithEvents(tx, [{ id: order.id, fromVersion: order.version, state, entries }]);
    return order.version + entries.length;
  }

  /** Locks the orders' rows in id order (deadlock-free against other lockers of several orders). */
  lockManyForSaga(tx: Tx, orderIds: string[]) {
    return run(tx, LOCK_MANY_FOR_SAGA, [orderIds]);
  }

  /** lockManyForSaga as a pipeline step, for a consumer batch's prefetch (sent with its BEGIN). */
  static lockManyForSagaStep(orderIds: readonly string[]): PipelineStep {
    return { query: LOCK_MANY_FOR_SAGA, values: [orderIds] };
  }

  /**
   * Saves several orders' saga states with their events in one statement; each order's entries get the
   * sequences after `fromVersion`, in order (the caller holds the rows' locks and the orders' aggregate locks).
   */
  async saveManyWithEvents(
    tx: Tx,
    changes: { id: string; fromVersion: number; state: SagaState & { paymentToken?: string }; entries: OrderLogEntry[] }[],
    /** A consumer batch's HandlerContext.atCommit: the statement then goes with the COMMIT (its result is not read). */
    atCommit?: (query: NamedQuery, values: readonly unknown[]) => Promise<void>,
  ): Promise<void> {
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
    const values = [
      changes.map((change) => change.id), changes.map((change) => change.state.status), changes.map((change) => change.state.step),
      changes.map((change) => change.state.attempt), versions, changes.map((change) => change.state.paymentToken ?? null),
      events.map((event) => event.orderId), events.map((event) => event.entry.envelope.eventId), events.map((event) => event.entry.envelope.type),
      events.map((event) => event.entry.envelope.version), events.map((event) => event.entry.envelope.sequence), events.map((event) => event.entry.fromStatus),
      events.map((event) => event.entry.toStatus), events.map((event) => event.entry.actor), events.map((event) => event.entry.reason),
      JSON.stringify(events.map((event) => event.entry.envelope)), events.map((event) => event.entry.envelope.traceparent ?? null),
    ];
    if (atCommit) await atCommit(SAVE_MANY_WITH_EVENTS, values);
    else await run(tx, SAVE_MANY_WITH_EVENTS, values);
  }

  /**
   * Records the order's tracking number. Another order holding it comes back as `tracking-number-taken` rather than
   * a thrown database error; the transaction is then aborted and the caller's only move is to roll it back (which
   * its refusal does), so nothing of the transition is kept.
   */
  async setTrackingNumber(tx: Tx, orderId: string, trackingNumber: string): Promise<Result<void, 'tracking-number-taken'>> {
    try {
      await run(tx, SET_TRACKING_NUMBER, [orderId, trackingNumber]);
      return ok(undefined);
    } catch (error) {
      if (isUniqueViolation(error, TRACKING_NUMBER_INDEX)) return fail('tracking-number-taken');
      throw error;
    }
  }

  async stalled(db: Queryable, now: Date, limit: number): Promise<string[]> {
    return (await run(db, STALLED, [now, limit])).map((row) => row.id);
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const fields = error as { code?: string; constraint?: string } | null;
  return fields?.code === '23505' && fields.constraint === constraint;
}
