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

const INSERT_ORDER = sql<{ id: string; placed_at: Date }>(
  'orders.orders.insert',
  `INSERT INTO orders.orders (customer_id, merchant_id, currency, subtotal_cents, tax_cents, shipping_cents, total_cents, shipping_address_id,
     item_count, total_units, payment_token, saga_deadline, placed_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, placed_at`,
);
const INSERT_LINES = sql(
  'orders.order_line_items.insert',
  `INSERT INTO orders.order_line_items (order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code)
   SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::bigint[], $5::char(3)[], $6::text[], $7::text[])`,
);
const LOCK_FOR_SAGA = sql<OrderSagaRow>('orders.orders.lock_for_saga', `SELECT ${SAGA_COLUMNS} FROM orders.orders WHERE id = $1 FOR UPDATE`);
const SAVE_SAGA = sql(
  'orders.orders.save_saga',
  `UPDATE orders.orders SET status = $2::varchar, saga_step = $3, payment_attempt = $4, payment_token = COALESCE($5, payment_token), version = $6, updated_at = now(),
     cancelled_at = CASE WHEN $2::varchar = 'CANCELLED' THEN coalesce(cancelled_at, now()) ELSE NULL END
   WHERE id = $1`,
);
// All of a step's events in one statement (a saga step appends up to two).
const APPEND_EVENTS = sql(
  'orders.order_events.append_many',
  `INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)
   SELECT e.event_id, $1::bigint, $1::text, e.event_type, e.event_version, e.sequence, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.traceparent
     FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::varchar[], $7::varchar[], $8::text[], $9::text[], $10::jsonb[], $11::text[])
       AS e(event_id, event_type, event_version, sequence, from_status, to_status, actor, reason, payload, traceparent)`,
);
const STALLED = sql<{ id: string }>(
  'orders.orders.stalled',
  `SELECT id FROM orders.orders WHERE status = 'PENDING' AND saga_deadline < $1 ORDER BY saga_deadline LIMIT $2`,
);

/** Writes of the order aggregate: the order with its lines, its saga state, and its append-only event log. */
export class PgOrderRepository {
  async insert(tx: Tx, order: { customerId: string; shippingAddressId: string; draft: OrderDraft; paymentToken: string; deadline: Date; placedAt: Date }) {
    const { draft } = order;
    const row = await runOne(tx, INSERT_ORDER, [
      order.customerId, draft.merchantId, draft.currency, draft.subtotalCents.toString(), draft.taxCents.toString(), draft.shippingCents.toString(),
      draft.totalCents.toString(), order.shippingAddressId, draft.itemCount, draft.totalUnits, order.paymentToken, order.deadline, order.placedAt,
    ]);
    await run(tx, INSERT_LINES, [
      row!.id,
      draft.lines.map((line) => line.skuId),
      draft.lines.map((line) => line.quantity),
      draft.lines.map((line) => line.unitPriceCents.toString()),
      draft.lines.map((line) => line.currency),
      draft.lines.map((line) => line.name),
      draft.lines.map((line) => line.skuCode),
    ]);
    return row!;
  }

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
    if (entries.length > 0) {
      await run(tx, APPEND_EVENTS, [
        order.id,
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
    }
    await run(tx, SAVE_SAGA, [order.id, state.status, state.step, state.attempt, state.paymentToken ?? null, version]);
    return version;
  }

  async appendFirstEvent(tx: Tx, orderId: string, entry: OrderLogEntry): Promise<void> {
    await this.saveWithEvents(tx, { id: orderId, version: 0 }, { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0 }, [entry]);
  }

  async stalled(db: Queryable, now: Date, limit: number): Promise<string[]> {
    return (await run(db, STALLED, [now, limit])).map((row) => row.id);
  }
}
