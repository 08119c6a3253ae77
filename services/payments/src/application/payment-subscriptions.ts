import { OrderCancelledV1Contract, PaymentRequestedV1Contract } from '@shop/contracts';
import { Subscription, aggregateKey, subscribe } from '@shop/messaging';
import { PgPaymentRepository } from '../infrastructure/postgres/pg-payment.repository';
import type { PaymentProcessor } from './payment-processor';

/**
 * Payments' part of the saga. PaymentRequested inserts the attempt as PENDING in the consumer transaction and
 * captures after commit; OrderCancelled refunds what was captured (the compensation of a capture).
 */
export function paymentSubscriptions(processor: PaymentProcessor, providerName: string): Subscription[] {
  const payments = new PgPaymentRepository();
  // Both handlers serialise with the capture's record on the order's payment lock: a cancellation and a capture
  // that race must see each other, or a capture could stay unrefunded on a cancelled order.
  const paymentLock = (event: { payload: { orderId: string } }) => [aggregateKey('payment', event.payload.orderId)];
  return [
    subscribe(PaymentRequestedV1Contract, async (event, { tx, afterCommit }) => {
      const request = event.payload;
      const inserted = await payments.insertPending(tx, {
        orderId: request.orderId, merchantId: request.merchantId, attempt: request.attempt, idempotencyKey: request.idempotencyKey,
        amountCents: request.amountCents, currency: request.currency, provider: providerName, token: request.paymentToken,
      }, { correlationId: event.correlationId, eventId: event.eventId, traceparent: event.traceparent });
      if (inserted) afterCommit(() => processor.capture(inserted));
    }, { writes: paymentLock }),
    subscribe(OrderCancelledV1Contract, async (event, { tx, afterCommit }) => {
      await payments.markOrderCancelled(tx, event.payload.orderId);
      for (const payment of await payments.byOrder(tx, event.payload.orderId)) {
        if (payment.status !== 'CAPTURED') continue;
        const refundId = await processor.startRefund(tx, payment, event.payload.reason ?? 'order cancelled');
        if (refundId) afterCommit(() => processor.refund(refundId));
      }
    }, { writes: paymentLock }),
  ];
}
