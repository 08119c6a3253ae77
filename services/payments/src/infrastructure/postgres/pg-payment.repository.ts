import { PipelineStep, Queryable, Tx, run, runOne, sql } from '@shop/postgres';

export interface PaymentRow {
  id: string;
  order_id: string;
  merchant_id: string;
  attempt: number;
  idempotency_key: string;
  amount_cents: string;
  currency: string;
  status: 'PENDING' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'REFUNDED';
  provider: string;
  provider_token: string;
  provider_ref: string | null;
  failure_code: string | null;
  captured_at: Date | null;
  correlation_id: string;
  request_event_id: string;
  traceparent: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RefundRow {
  id: string;
  payment_id: string;
  order_id: string;
  amount_cents: string;
  currency: string;
  idempotency_key: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  correlation_id: string | null;
  causation_id: string | null;
  traceparent: string | null;
}

/** What caused a cancellation or a refund: its events carry these. */
export interface EventCause {
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

const COLUMNS = `id, order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, status, provider, provider_token, provider_ref,
  failure_code, captured_at, correlation_id, request_event_id, traceparent, created_at, updated_at`;

// ON CONFLICT on the idempotency key: a redelivered request can never create a second payment. One statement for
// a run of PaymentRequested events; the new rows come back whole, which the captures after commit work from
// without reading them again (a known key returns nothing).
// Also says whether each order is known to be cancelled: a request redriven from the dead letters after its
// order's cancellation must be cancelled at the provider, not charged and refunded.
const INSERT_PENDING_MANY = sql<InsertedPayment>(
  'payments.payments.insert_pending_many',
  `WITH inserted AS (
     INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id, traceparent)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::varchar[], $5::bigint[], $6::char(3)[], $7::varchar[], $8::varchar[], $9::varchar[], $10::uuid[], $11::varchar[])
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS})
   SELECT inserted.*, EXISTS (SELECT 1 FROM payments.cancelled_orders AS c WHERE c.order_id = inserted.order_id) AS order_cancelled FROM inserted`,
);
const FIND = sql<PaymentRow>('payments.payments.find', `SELECT ${COLUMNS} FROM payments.payments WHERE id = $1`);
const BY_KEY = sql<PaymentRow>('payments.payments.by_key', `SELECT ${COLUMNS} FROM payments.payments WHERE idempotency_key = $1`);
const BY_ORDER = sql<PaymentRow>('payments.payments.by_order', `SELECT ${COLUMNS} FROM payments.payments WHERE order_id = $1 ORDER BY attempt`);
/** A provider's answer for one payment, as recordManyStep stores it. */
export interface ProviderAnswer {
  id: string;
  status: 'CAPTURED' | 'FAILED';
  providerRef: string;
  failureCode: string | null;
}

/** A payment insertPendingManyStep created, and whether its order was already cancelled. */
export type InsertedPayment = PaymentRow & { order_cancelled: boolean };

/** A payment as recordManyStep left it, and whether its order was cancelled meanwhile. */
export type RecordedPayment = PaymentRow & { order_cancelled: boolean };

// Results of a group of captures (see PaymentProcessor; ids are distinct). Also says whether each order was
// cancelled meanwhile (read under the payment locks), saving a round trip.
const RECORD_MANY = sql<RecordedPayment>(
  'payments.payments.record_results',
  `UPDATE payments.payments AS p
      SET status = r.status, provider_ref = r.provider_ref, failure_code = r.failure_code,
          captured_at = CASE WHEN r.status = 'CAPTURED' THEN now() END, updated_at = now()
     FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::varchar[]) AS r (id, status, provider_ref, failure_code)
    WHERE p.id = r.id AND p.status = 'PENDING'
   RETURNING ${COLUMNS.split(',').map((column) => `p.${column.trim()}`).join(', ')},
             EXISTS (SELECT 1 FROM payments.cancelled_orders AS c WHERE c.order_id = p.order_id) AS order_cancelled`,
);
// A reconcile that failed moves its row to the back of the oldest-first queue, so rows that keep failing cannot
// fill every pass and strand the others.
const POSTPONE_PAYMENT = sql('payments.payments.postpone', `UPDATE payments.payments SET updated_at = now() WHERE id = $1 AND status = 'PENDING'`);
const POSTPONE_REFUND = sql('payments.refunds.postpone', `UPDATE payments.refunds SET updated_at = now() WHERE id = $1 AND status = 'PENDING'`);
/** A payment or refund the reconciler settles; the order id is for its log lines. */
export interface StaleItem {
  id: string;
  orderId: string;
}

const STALE_PENDING = sql<{ id: string; order_id: string }>(
  'payments.payments.stale_pending',
  `SELECT id, order_id FROM payments.payments WHERE status = 'PENDING' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
);
const MARK_CANCELLED = sql(
  'payments.cancelled_orders.insert',
  `INSERT INTO payments.cancelled_orders (order_id, correlation_id, causation_id, traceparent) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
);
const IS_CANCELLED = sql<{ one: number }>('payments.cancelled_orders.find', `SELECT 1 AS one FROM payments.cancelled_orders WHERE order_id = $1`);
const INSERT_REFUND = sql<{ id: string }>(
  'payments.refunds.insert',
  // Without a cause of its own (a capture completing after the cancellation), the cancellation's is taken.
  `INSERT INTO payments.refunds (payment_id, order_id, amount_cents, currency, idempotency_key, reason, correlation_id, causation_id, traceparent)
   SELECT $1, $2, $3, $4, $5, $6, coalesce($7, c.correlation_id), coalesce($8, c.causation_id), CASE WHEN $7::text IS NULL THEN c.traceparent ELSE $9 END
     FROM (SELECT 1) AS one LEFT JOIN payments.cancelled_orders AS c ON c.order_id = $2
   ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
);
const FIND_REFUND = sql<RefundRow>(
  'payments.refunds.find',
  `SELECT id, payment_id, order_id, amount_cents, currency, idempotency_key, status, correlation_id, causation_id, traceparent
     FROM payments.refunds WHERE id = $1`,
);
const RECORD_REFUND = sql<{ id: string }>(
  'payments.refunds.record',
  `UPDATE payments.refunds SET status = 'SUCCEEDED', provider_ref = $2, updated_at = now() WHERE id = $1 AND status = 'PENDING' RETURNING id`,
);
const REFUND_DECLINED = sql<{ id: string }>(
  'payments.refunds.declined',
  `UPDATE payments.refunds SET status = 'FAILED', provider_ref = $2, updated_at = now() WHERE id = $1 AND status = 'PENDING' RETURNING id`,
);
const MARK_REFUNDED = sql('payments.payments.mark_refunded', `UPDATE payments.payments SET status = 'REFUNDED', updated_at = now() WHERE id = $1 AND status = 'CAPTURED'`);
const STALE_REFUNDS = sql<{ id: string; order_id: string }>(
  'payments.refunds.stale_pending',
  `SELECT id, order_id FROM payments.refunds WHERE status = 'PENDING' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
);

export interface PendingPayment {
  orderId: string;
  merchantId: string;
  attempt: number;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  provider: string;
  token: string;
}

export interface PaymentOrigin {
  correlationId: string;
  eventId: string;
  traceparent?: string;
}

/** Payment attempts and refunds. Status changes only from PENDING, so a result is recorded at most once. */
export class PgPaymentRepository {
  /**
   * Inserts the attempts as PENDING, as a pipeline step (a consumer batch defers it to its COMMIT). Its rows are
   * PaymentRow, the ones inserted, in no particular order; a request whose key is known already gets none.
   */
  static insertPendingManyStep(requests: readonly (PendingPayment & { origin: PaymentOrigin })[]): PipelineStep {
    const column = <T>(pick: (request: PendingPayment & { origin: PaymentOrigin }) => T) => requests.map(pick);
    return {
      query: INSERT_PENDING_MANY,
      values: [
        column((r) => r.orderId), column((r) => r.merchantId), column((r) => r.attempt), column((r) => r.idempotencyKey), column((r) => r.amountCents),
        column((r) => r.currency), column((r) => r.provider), column((r) => r.token), column((r) => r.origin.correlationId), column((r) => r.origin.eventId),
        column((r) => r.origin.traceparent ?? null),
      ],
    };
  }

  find(db: Queryable, id: string) {
    return runOne(db, FIND, [id]);
  }

  byKey(db: Queryable, key: string) {
    return runOne(db, BY_KEY, [key]);
  }

  byOrder(db: Queryable, orderId: string) {
    return run(db, BY_ORDER, [orderId]);
  }

  /**
   * Stores the provider's answers for payments still PENDING, as a pipeline step (sent with the BEGIN and the
   * payments' locks). Its rows are RecordedPayment, one per payment it moved out of PENDING, in no particular order
   * (another worker may have moved one first).
   */
  static recordManyStep(results: readonly ProviderAnswer[]): PipelineStep {
    return { query: RECORD_MANY, values: [results.map((r) => r.id), results.map((r) => r.status), results.map((r) => r.providerRef), results.map((r) => r.failureCode)] };
  }

  async stalePending(db: Queryable, olderThan: Date, limit: number): Promise<StaleItem[]> {
    return (await run(db, STALE_PENDING, [olderThan, limit])).map((row) => ({ id: row.id, orderId: row.order_id }));
  }

  async postponePayment(db: Queryable, id: string): Promise<void> {
    await run(db, POSTPONE_PAYMENT, [id]);
  }

  async postponeRefund(db: Queryable, id: string): Promise<void> {
    await run(db, POSTPONE_REFUND, [id]);
  }

  async markOrderCancelled(tx: Tx, orderId: string, cause: EventCause): Promise<void> {
    await run(tx, MARK_CANCELLED, [orderId, cause.correlationId, cause.causationId, cause.traceparent ?? null]);
  }

  async isOrderCancelled(db: Queryable, orderId: string): Promise<boolean> {
    return (await runOne(db, IS_CANCELLED, [orderId])) !== undefined;
  }

  /** Refund key derived from the payment: one refund per captured payment, however often it is requested. */
  insertRefund(tx: Tx, payment: PaymentRow, reason: string, cause?: EventCause) {
    return runOne(tx, INSERT_REFUND, [
      payment.id, payment.order_id, payment.amount_cents, payment.currency, `refund-${payment.idempotency_key}`, reason,
      cause?.correlationId ?? null, cause?.causationId ?? null, cause?.traceparent ?? null,
    ]);
  }

  findRefund(db: Queryable, id: string) {
    return runOne(db, FIND_REFUND, [id]);
  }

  async recordRefund(tx: Tx, refund: RefundRow, providerRef: string): Promise<boolean> {
    const done = await runOne(tx, RECORD_REFUND, [refund.id, providerRef]);
    if (!done) return false;
    await run(tx, MARK_REFUNDED, [refund.payment_id]);
    return true;
  }

  /** The provider refused the refund: the refund is FAILED and the payment stays CAPTURED (money not returned). */
  async recordRefundDeclined(tx: Tx, refund: RefundRow, providerRef: string): Promise<boolean> {
    return (await runOne(tx, REFUND_DECLINED, [refund.id, providerRef])) !== undefined;
  }

  async staleRefunds(db: Queryable, olderThan: Date, limit: number): Promise<StaleItem[]> {
    return (await run(db, STALE_REFUNDS, [olderThan, limit])).map((row) => ({ id: row.id, orderId: row.order_id }));
  }
}

export function paymentView(row: PaymentRow) {
  return {
    id: row.id, orderId: row.order_id, merchantId: row.merchant_id, attempt: row.attempt, status: row.status, amountCents: Number(row.amount_cents),
    currency: row.currency, provider: row.provider, providerRef: row.provider_ref, failureCode: row.failure_code, idempotencyKey: row.idempotency_key,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}
