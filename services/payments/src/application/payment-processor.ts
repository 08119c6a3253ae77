import { EventEnvelope, PaymentDeclinedByProviderV1Contract, PaymentRefundedV1Contract, newEvent, paymentCapturedEvents } from '@shop/contracts';
import { GroupCommit, OutboxWriter, aggregateKey, sleep, withGuardedTransaction } from '@shop/messaging';
import type { Tx } from '@shop/postgres';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { EventCause, PaymentRow, PgPaymentRepository, ProviderAnswer, RecordedPayment, RefundRow } from '../infrastructure/postgres/pg-payment.repository';
import { SpanKind, endSpan, refundsDeclined, startSpan, traceparentOf } from '@shop/service-kit';
import { PaymentProvider, ProviderResult, ProviderTimeoutError, TransientProviderError } from './payment-provider.port';
import { runBounded } from './bounded-concurrency';
import { withDeadline } from './provider-deadline';

/** Every token the simulated provider takes today is a card's; another method would come from the payment row. */
const CARD_PAYMENT_METHOD = 'card';

/** Events of a payment continue the saga that requested it: same correlation, caused by the request, same trace. */
const context = (payment: PaymentRow, traceparent?: string) => ({
  correlationId: payment.correlation_id,
  causationId: payment.request_event_id,
  ...(traceparent ?? payment.traceparent ? { traceparent: (traceparent ?? payment.traceparent)! } : {}),
});

/** A refund continues what caused it (the cancellation); a refund recorded before causes were kept, the payment. */
const refundContext = (refund: RefundRow, payment: PaymentRow) =>
  refund.correlation_id && refund.causation_id
    ? { correlationId: refund.correlation_id, causationId: refund.causation_id, ...(refund.traceparent ? { traceparent: refund.traceparent } : {}) }
    : context(payment);

/** Provider calls of one reconcile pass under way at once. */
const RECONCILE_CONCURRENCY = 4;
/** Provider deadlines missed in a row after which a reconcile pass stops starting calls. */
const RECONCILE_TIMEOUTS_TO_STOP = 3;

/** How a PENDING payment is settled: charged, reconciled after a crash (asked by key first), or cancelled unpaid. */
type SettleMode = 'charge' | 'reconcile' | 'cancel';

/** How the processor calls the provider. */
export interface PaymentProcessorOptions {
  /** Retries of a TransientProviderError, with the same key (default 4). */
  transientRetries?: number;
  /** Deadline of each provider call (PROVIDER_TIMEOUT_MS, default 5000); past it the outcome is unknown. */
  providerTimeoutMs?: number;
  /** Fault injection for the chaos suite: runs after the provider answered, before the answer is recorded. */
  afterProviderCall?: () => void;
}

/** A provider's answer for a payment, waiting to be recorded. */
interface Charge {
  payment: PaymentRow;
  result: ProviderResult;
  traceparent: string;
}

/**
 * Moves money through the provider, always outside any database transaction, and records the answer after.
 * The provider is idempotent by key, so every path that may repeat a call (transient retries, a second worker,
 * the reconciler after a crash) charges at most once; the PENDING -> result update records it at most once.
 */
export class PaymentProcessor {
  private readonly payments = new PgPaymentRepository();
  private readonly outbox = new OutboxWriter('payments.outbox');
  // Captures finish one by one after their provider calls; their results are recorded in groups.
  private readonly charges = new GroupCommit<Charge, string | undefined>((charges) => this.recordCharges(charges));
  private readonly provider: PaymentProvider;
  private readonly transientRetries: number;
  private readonly afterProviderCall: () => void;

  constructor(
    private readonly pool: Pool,
    provider: PaymentProvider,
    private readonly log: Logger,
    options: PaymentProcessorOptions = {},
  ) {
    // A provider that stops answering must not hold captures (and the reconciler) with it: every call is bounded.
    this.provider = withDeadline(provider, options.providerTimeoutMs ?? 5_000);
    this.transientRetries = options.transientRetries ?? 4;
    this.afterProviderCall = options.afterProviderCall ?? (() => undefined);
  }

  /**
   * Captures a PENDING payment, given by id or as the row just inserted; a crash anywhere in here leaves it
   * PENDING for the reconciler.
   */
  async capture(paymentOrId: string | PaymentRow, reconcile = false): Promise<void> {
    const payment = typeof paymentOrId === 'string' ? await this.payments.find(this.pool, paymentOrId) : paymentOrId;
    if (payment) await this.settle(payment, reconcile ? 'reconcile' : 'charge');
  }

  /**
   * Settles a PENDING payment whose order is already known to be cancelled without charging it: the key is
   * cancelled at the provider (a charge that got there first is recorded, then refunded as usual).
   */
  async cancelCharge(payment: PaymentRow): Promise<void> {
    await this.settle(payment, 'cancel');
  }

  private async settle(payment: PaymentRow, mode: SettleMode): Promise<void> {
    if (payment.status !== 'PENDING') return;
    const paymentId = payment.id;
    const log = this.log.child({ orderId: payment.order_id, paymentId, correlationId: payment.correlation_id });
    const span = startSpan('payment.capture', SpanKind.INTERNAL, payment.traceparent ?? undefined, { orderId: payment.order_id, paymentId, mode });
    try {
      await this.captureTraced(payment, log, mode, traceparentOf(span));
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      // Whatever failed (a provider past its deadline, a statement timeout recording the answer), the charge may
      // have happened: the payment stays PENDING and only the reconciler's lookup by key settles it.
      log.warn({ err: (error as Error).message, timedOut: error instanceof ProviderTimeoutError },
        'capture failed with its outcome unknown; the payment stays PENDING and the reconciler settles it by key, retrying every PAYMENT_RECONCILE_MS');
      throw error;
    }
  }

  private async captureTraced(payment: PaymentRow, log: Logger, mode: SettleMode, traceparent: string): Promise<void> {
    let result = mode === 'reconcile' ? await this.provider.lookup(payment.idempotency_key) : undefined;
    if (result) log.info('reconciled a payment the provider already knew');
    else if (mode === 'cancel' || (mode === 'reconcile' && (await this.payments.isOrderCancelled(this.pool, payment.order_id)))) {
      // The order was cancelled while this payment waited (a crash, then its deadline; or a group catching up read
      // the cancellation with the request): charging now would only be refunded. Cancel the key instead; an
      // in-flight charge that got there first is answered as usual.
      result = await this.provider.cancel({ idempotencyKey: payment.idempotency_key, amountCents: Number(payment.amount_cents), currency: payment.currency });
      log.info({ outcome: result.outcome }, result.outcome === 'declined' ? 'cancelled the charge of a cancelled order' : 'the charge of a cancelled order happened first; refunding it');
    }
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await this.provider.charge({ idempotencyKey: payment.idempotency_key, token: payment.provider_token, amountCents: Number(payment.amount_cents), currency: payment.currency });
      } catch (error) {
        if (!(error instanceof TransientProviderError) || attempt > this.transientRetries) throw error;
        log.warn({ attempt, err: error.message }, 'transient provider error; retrying with the same idempotency key');
        await sleep(25 * 2 ** attempt);
      }
    }
    this.afterProviderCall();
    if (result.outcome === 'declined') log.info({ attempt: payment.attempt, reason: result.reason }, 'the provider declined the charge');
    await this.recordCharge(payment, result, traceparent);
  }

  /** Waits for the group this result is recorded with; then refunds at once if the order was cancelled meanwhile. */
  private async recordCharge(payment: PaymentRow, result: ProviderResult, traceparent: string): Promise<void> {
    const refundId = await this.charges.submit({ payment, result, traceparent });
    // The capture is recorded whatever the refund does: a refund that fails logged why, and the reconciler retries it.
    if (refundId) await this.refund(refundId).catch(() => undefined);
  }

  /**
   * Records a group of provider answers in one transaction under their payments' locks: the UPDATE sent with the
   * BEGIN and the locks, the outbox append with the COMMIT (two round trips). Returns, per charge, the refund to run
   * when its order was cancelled while the capture was in flight.
   */
  private async recordCharges(charges: Charge[]): Promise<(string | undefined)[]> {
    const refunds = new Map<string, string>();
    // The same payment twice in a group (the reconciler racing the after-commit capture) is recorded once, by
    // its first charge; the others get no refund to run, as if another worker had recorded it first.
    const firstById = new Map<string, Charge>();
    for (const charge of charges) if (!firstById.has(charge.payment.id)) firstById.set(charge.payment.id, charge);
    const distinct = [...firstById.values()];
    const events: EventEnvelope[] = [];
    const answers: ProviderAnswer[] = distinct.map(({ payment, result }) => ({
      id: payment.id, status: result.outcome === 'succeeded' ? 'CAPTURED' : 'FAILED', providerRef: result.providerRef, failureCode: result.outcome === 'declined' ? result.reason : null,
    }));
    await withGuardedTransaction(this.pool, async (tx, [recorded]) => {
      const byId = new Map((recorded as RecordedPayment[]).map((row) => [row.id, row]));
      for (const { payment, traceparent } of distinct) {
        const row = byId.get(payment.id);
        if (!row) continue; // another worker recorded it first
        if (row.status === 'CAPTURED') {
          // PaymentCaptured v1 is deprecated: v2 and its v1 twin go out together (docs/contracts/VERSIONING.md).
          events.push(...paymentCapturedEvents(payment.order_id, {
            orderId: payment.order_id, paymentId: payment.id, merchantId: payment.merchant_id, attempt: payment.attempt,
            amount: { minorUnits: payment.amount_cents, currency: payment.currency }, method: CARD_PAYMENT_METHOD,
            provider: this.provider.name, providerRef: row.provider_ref!, capturedAt: row.captured_at!.toISOString(),
          }, context(payment, traceparent)));
          // The order was cancelled while this capture was in flight: give the money back at once.
          const refundId = row.order_cancelled ? await this.startRefund(tx, row, 'order cancelled before the capture completed') : undefined;
          if (refundId) refunds.set(payment.id, refundId);
        } else {
          events.push(newEvent(PaymentDeclinedByProviderV1Contract, payment.order_id, {
            orderId: payment.order_id, paymentId: payment.id, merchantId: payment.merchant_id, attempt: payment.attempt, reason: row.failure_code ?? 'declined',
          }, context(payment, traceparent)));
        }
      }
    }, {
      lockKeys: distinct.map(({ payment }) => aggregateKey('payment', payment.order_id)),
      // The UPDATE goes with the BEGIN and the locks: its values are known before the transaction opens.
      withBegin: () => [PgPaymentRepository.recordManyStep(answers)],
      // The events go with the COMMIT: one round trip less per group of captures.
      withCommit: () => [this.outbox.appendStep(events)].filter((step) => step !== undefined),
    });
    return charges.map((charge) => (firstById.get(charge.payment.id) === charge ? refunds.get(charge.payment.id) : undefined));
  }

  /** Creates the refund of a captured payment (idempotent per payment); returns its id when it is new. */
  async startRefund(tx: Tx, payment: PaymentRow, reason: string, cause?: EventCause): Promise<string | undefined> {
    return (await this.payments.insertRefund(tx, payment, reason, cause))?.id;
  }

  async refund(refundId: string, reconcile = false): Promise<void> {
    const refund = await this.payments.findRefund(this.pool, refundId);
    if (!refund || refund.status !== 'PENDING') return;
    const payment = (await this.payments.find(this.pool, refund.payment_id))!;
    try {
      await this.settleRefund(refund, payment, reconcile);
    } catch (error) {
      const ids = { orderId: payment.order_id, paymentId: payment.id, refundId, correlationId: refundContext(refund, payment).correlationId };
      this.log.warn({ ...ids, err: (error as Error).message, timedOut: error instanceof ProviderTimeoutError },
        'refund failed with its outcome unknown; it stays PENDING and the reconciler settles it by key, retrying every PAYMENT_RECONCILE_MS');
      throw error;
    }
  }

  /** Pays a PENDING refund back through the provider (asked by key first when reconciling) and records the answer. */
  private async settleRefund(refund: RefundRow, payment: PaymentRow, reconcile: boolean): Promise<void> {
    const refundId = refund.id;
    let result = reconcile ? await this.provider.lookup(refund.idempotency_key) : undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await this.provider.refund({ idempotencyKey: refund.idempotency_key, chargeRef: payment.provider_ref!, amountCents: Number(refund.amount_cents), currency: refund.currency });
      } catch (error) {
        if (!(error instanceof TransientProviderError) || attempt > this.transientRetries) throw error;
        await sleep(25 * 2 ** attempt);
      }
    }
    if (result.outcome === 'declined') {
      // Nothing was paid back: no PaymentRefunded, the payment stays CAPTURED, and an operator has to act (the
      // invariant checker also reports a cancelled order whose capture was not refunded).
      const { providerRef, reason } = result;
      await withGuardedTransaction(this.pool, (tx) => this.payments.recordRefundDeclined(tx, refund, providerRef), { lockKeys: [aggregateKey('payment', payment.order_id)] });
      refundsDeclined.inc();
      this.log.error({ orderId: payment.order_id, paymentId: payment.id, refundId, reason }, 'the provider declined a refund; the customer has not been paid back');
      return;
    }
    const cause = refundContext(refund, payment);
    await withGuardedTransaction(this.pool, async (tx) => {
      if (!(await this.payments.recordRefund(tx, refund, result.providerRef))) return;
      await this.outbox.append(tx, [newEvent(PaymentRefundedV1Contract, payment.order_id, {
        orderId: payment.order_id, paymentId: payment.id, refundId: refund.id, merchantId: payment.merchant_id, amountCents: Number(refund.amount_cents),
        currency: refund.currency, capturedAt: payment.captured_at!.toISOString(), refundedAt: new Date().toISOString(),
      }, cause)]);
    }, { lockKeys: [aggregateKey('payment', payment.order_id)] });
    this.log.info({ orderId: payment.order_id, correlationId: cause.correlationId, paymentId: payment.id, refundId }, 'payment refunded');
  }

  /** Finishes what a crash or a provider outage left PENDING: asks the provider by key, then charges or records. */
  async reconcile(olderThanMs = 3_000, limit = 100): Promise<number> {
    const before = new Date(Date.now() - olderThanMs);
    const payments = await this.payments.stalePending(this.pool, before, limit);
    const refunds = await this.payments.staleRefunds(this.pool, before, limit);
    // A few at a time, and each stage ends once the provider keeps missing its deadline: one by one, a provider
    // that stopped answering held a pass for up to 200 deadlines, and the captures of new orders queued behind it.
    // The stages count apart: payments whose keys the provider never answers about must not starve the refunds.
    const stage = async <T extends { id: string; orderId: string }>(items: T[], kind: 'capture' | 'refund', settle: (item: T) => Promise<void>, postpone: (id: string) => Promise<void>) => {
      let timeouts = 0;
      const started = await runBounded(items, RECONCILE_CONCURRENCY, async (item) => {
        try {
          await settle(item);
          timeouts = 0;
        } catch (error) {
          if (error instanceof ProviderTimeoutError) timeouts++;
          this.log.warn({ orderId: item.orderId, [kind === 'capture' ? 'paymentId' : 'refundId']: item.id, err: (error as Error).message },
            `reconcile ${kind} failed; will retry after the others`);
          await postpone(item.id).catch((postponeError) => this.log.error({ err: postponeError }, `could not postpone a reconcile ${kind}`));
        }
      }, () => timeouts >= RECONCILE_TIMEOUTS_TO_STOP);
      if (timeouts >= RECONCILE_TIMEOUTS_TO_STOP) {
        this.log.warn({ kind, settled: started, left: items.length - started, timeouts },
          `the provider kept missing its deadline (PROVIDER_TIMEOUT_MS); this reconcile pass stopped its ${kind}s early and the next one retries`);
      }
    };
    await stage(payments, 'capture', ({ id }) => this.capture(id, true), (id) => this.payments.postponePayment(this.pool, id));
    await stage(refunds, 'refund', ({ id }) => this.refund(id, true), (id) => this.payments.postponeRefund(this.pool, id));
    return payments.length + refunds.length;
  }
}
