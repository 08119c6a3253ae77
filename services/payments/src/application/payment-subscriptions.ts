import { OrderCancelledV1Contract, PaymentRequestedV1Contract } from '@shop/contracts';
import { Subscription, aggregateKey, subscribe, subscribeBatch } from '@shop/messaging';
import { RecentIds } from '../domain/recent-ids';
import { InsertedPayment, PgPaymentRepository } from '../infrastructure/postgres/pg-payment.repository';
import type { PaymentProcessor } from './payment-processor';

/**
 * Payments' part of the saga. PaymentRequested inserts the attempt as PENDING in the consumer transaction and
 * captures after commit (results recorded in groups); OrderCancelled refunds what was captured (the compensation of a capture).
 */
export function paymentSubscriptions(processor: PaymentProcessor, providerName: string): Subscription[] {
  const payments = new PgPaymentRepository();
  // Both handlers serialise with the capture's record on the order's payment lock: a cancellation and a capture
  // that race must see each other, or a capture could stay unrefunded on a cancelled order.
  const paymentLock = (event: { payload: { orderId: string } }) => [aggregateKey('payment', event.payload.orderId)];
  // Orders this process has seen cancelled. A group catching up reads a request and its order's cancellation in
  // one batch: the cancellation is handled before the batch commits, the request's capture after, and that capture
  // is then a cancellation at the provider instead of a charge and a refund. The insert also reads the stored
  // cancellations, for a request redriven after its order's cancellation (by then perhaps another process).
  const cancelled = new RecentIds(10_000);
  return [
    // A run of requests is inserted in one statement, sent with the batch's COMMIT; each new attempt is captured
    // after the commit.
    subscribeBatch(PaymentRequestedV1Contract, async (events, { atCommit, afterCommit }) => {
      const insert = PgPaymentRepository.insertPendingManyStep(events.map(({ payload: request, correlationId, eventId, traceparent }) => ({
        orderId: request.orderId, merchantId: request.merchantId, attempt: request.attempt, idempotencyKey: request.idempotencyKey,
        amountCents: request.amountCents, currency: request.currency, provider: providerName, token: request.paymentToken,
        origin: { correlationId, eventId, traceparent },
      })));
      await atCommit(insert.query, insert.values, (inserted) => {
        for (const payment of inserted as InsertedPayment[]) {
          const orderCancelled = payment.order_cancelled || cancelled.has(payment.order_id);
          // A failed capture is logged by the processor with its order id, and the reconciler settles it.
          afterCommit(() => (orderCancelled ? processor.cancelCharge(payment) : processor.capture(payment)).catch(() => undefined));
        }
      });
    }, { writes: paymentLock }),
    subscribe(OrderCancelledV1Contract, async (event, { tx, afterCommit }) => {
      // Remembered before the commit: the event is in the orders log, so the order is cancelled even if this
      // batch has to be retried.
      cancelled.add(event.payload.orderId);
      // The refund continues the cancellation: same correlation id (the cancel request's), caused by this event.
      const cause = { correlationId: event.correlationId, causationId: event.eventId, ...(event.traceparent ? { traceparent: event.traceparent } : {}) };
      await payments.markOrderCancelled(tx, event.payload.orderId, cause);
      for (const payment of await payments.byOrder(tx, event.payload.orderId)) {
        if (payment.status !== 'CAPTURED') continue;
        const refundId = await processor.startRefund(tx, payment, event.payload.reason ?? 'order cancelled', cause);
        if (refundId) afterCommit(() => processor.refund(refundId));
      }
    }, { writes: paymentLock }),
  ];
}
