import {
  PaymentCapturedV1Contract, PaymentDeclinedByProviderV1Contract, SkuChangedV1Contract, StockRejectedV1Contract, StockReservedV1Contract, causedBy,
} from '@shop/contracts';
import { HandlerContext, Subscription, aggregateKey, subscribe } from '@shop/messaging';
import type { SagaInput } from '../domain/checkout-saga';
import { PgCatalogReplicaRepository } from '../infrastructure/postgres/pg-catalog-replica.repository';
import { advanceSaga } from './order-saga';
import type { EventEnvelope } from '@shop/contracts';

const writesOrder = (event: { payload: { orderId: string } }) => [aggregateKey('order', event.payload.orderId)];

async function step(event: EventEnvelope<{ orderId: string }>, input: SagaInput, { tx, log }: HandlerContext): Promise<void> {
  const outcome = await advanceSaga(tx, event.payload.orderId, input, 'system:saga', causedBy(event));
  if (outcome.kind === 'ignore') log.info({ why: outcome.why }, 'saga input ignored');
  if (outcome.kind === 'missing') log.warn('saga input for an unknown order ignored');
}

/**
 * The orders service's consumers: replies of inventory and payments drive the saga; SKU changes keep the
 * catalog replica current. Each runs in the consumer transaction with its inbox row.
 */
export function orderSagaSubscriptions(): Subscription[] {
  const catalog = new PgCatalogReplicaRepository();
  return [
    subscribe(StockReservedV1Contract, (event, context) => step(event, { kind: 'stock-reserved', expiresAt: event.payload.expiresAt }, context), { writes: writesOrder }),
    subscribe(StockRejectedV1Contract, (event, context) => step(event, { kind: 'stock-rejected', reason: event.payload.reason }, context), { writes: writesOrder }),
    subscribe(
      PaymentCapturedV1Contract,
      (event, context) => step(event, { kind: 'payment-captured', attempt: event.payload.attempt, paymentId: event.payload.paymentId, amountCents: event.payload.amountCents }, context),
      { writes: writesOrder },
    ),
    subscribe(
      PaymentDeclinedByProviderV1Contract,
      (event, context) => step(event, { kind: 'payment-declined', attempt: event.payload.attempt, reason: event.payload.reason }, context),
      { writes: writesOrder },
    ),
    subscribe(SkuChangedV1Contract, async (event, { tx }) => catalog.apply(tx, event.payload)),
  ];
}
