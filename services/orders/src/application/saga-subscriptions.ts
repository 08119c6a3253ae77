import {
  PaymentCapturedV1Contract, PaymentDeclinedByProviderV1Contract, SkuChangedV1Contract, StockRejectedV1Contract, StockReservedV1Contract, causedBy,
} from '@shop/contracts';
import { HandlerContext, Prefetch, Subscription, aggregateKey, subscribe, subscribeBatch } from '@shop/messaging';
import { OrderSagaRow, PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import type { SagaInput } from '../domain/checkout-saga';
import { PgCatalogReplicaRepository } from '../infrastructure/postgres/pg-catalog-replica.repository';
import { advanceSagaRun } from './order-saga';
import type { EventEnvelope } from '@shop/contracts';

const writesOrder = (event: { payload: { orderId: string } }) => [aggregateKey('order', event.payload.orderId)];

/** Every saga input's order row, locked with the batch's BEGIN (one round trip less per batch). */
const ORDER_ROWS: Prefetch = {
  key: 'orders.saga-rows',
  step: (events) => PgOrderRepository.lockManyForSagaStep([...new Set(events.map((event) => (event.payload as { orderId: string }).orderId))]),
};
const stepOptions = { writes: writesOrder, prefetch: ORDER_ROWS };

/**
 * A run of saga inputs of one type from a consumer batch, advanced together (advanceSagaRun: the rows from the
 * batch's prefetch, the save with its COMMIT: no round trip of its own on the fast path). Ignored and
 * unknown-order inputs are logged with their order id.
 */
function steps<Payload extends { orderId: string }>(toInput: (event: EventEnvelope<Payload>) => SagaInput) {
  return async (events: EventEnvelope<Payload>[], { tx, log, prefetched, atCommit }: HandlerContext): Promise<void> => {
    const locked = prefetched(ORDER_ROWS.key) as OrderSagaRow[] | undefined;
    const requests = events.map((event) => ({ orderId: event.payload.orderId, input: toInput(event), context: causedBy(event) }));
    const outcomes = await advanceSagaRun(tx, requests, 'system:saga', { locked, atCommit });
    outcomes.forEach((outcome, index) => {
      const { orderId } = events[index].payload;
      if (outcome.kind === 'ignore') log.info({ orderId, eventId: events[index].eventId, why: outcome.why }, 'saga input ignored');
      if (outcome.kind === 'missing') log.warn({ orderId, eventId: events[index].eventId }, 'saga input for an unknown order ignored');
    });
  };
}

/**
 * The orders service's consumers: replies of inventory and payments drive the saga; SKU changes keep the
 * catalog replica current. Each runs in the consumer transaction with its inbox row.
 */
export function orderSagaSubscriptions(): Subscription[] {
  const catalog = new PgCatalogReplicaRepository();
  return [
    subscribeBatch(StockReservedV1Contract, steps((event) => ({ kind: 'stock-reserved', expiresAt: event.payload.expiresAt, at: new Date() })), stepOptions),
    subscribeBatch(StockRejectedV1Contract, steps((event) => ({ kind: 'stock-rejected', reason: event.payload.reason })), stepOptions),
    subscribeBatch(
      PaymentCapturedV1Contract,
      steps((event) => ({ kind: 'payment-captured', attempt: event.payload.attempt, paymentId: event.payload.paymentId, amountCents: event.payload.amountCents, at: new Date() })),
      stepOptions,
    ),
    subscribeBatch(
      PaymentDeclinedByProviderV1Contract,
      steps((event) => ({ kind: 'payment-declined', attempt: event.payload.attempt, reason: event.payload.reason })),
      stepOptions,
    ),
    subscribe(SkuChangedV1Contract, async (event, { tx }) => catalog.apply(tx, event.payload)),
  ];
}
