import {
  EventContext, EventContract, InventoryReservedV1Contract, OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderDeliveredV1Contract,
  OrderEventBase, OrderShippedV1Contract, OrderShippedV2, OrderShippedV2Contract, PaymentDeclinedV1Contract, PaymentRequestedV1Contract,
  downcastOrderShippedV2ToV1, newEvent,
} from '@shop/contracts';
import type { SagaRecord } from '../domain/checkout-saga';
import type { OrderStatus } from '../domain/order-status';
import type { OrderLogEntry, OrderSagaRow } from '../infrastructure/postgres/pg-order.repository';

/** Payment idempotency key of an attempt: derived from order and attempt, so every retry of a step reuses it. */
export function paymentKey(orderId: string, attempt: number): string {
  return `order-${orderId}-attempt-${attempt}`;
}

function entry<P extends OrderEventBase>(contract: EventContract<P>, payload: P, context: EventContext): OrderLogEntry {
  return { envelope: newEvent(contract, payload.orderId, payload, context), fromStatus: payload.fromStatus, toStatus: payload.toStatus, actor: payload.actor, reason: payload.reason };
}

/** Turns the saga's records into the events of the order log, in order. */
export function sagaEntries(order: OrderSagaRow, from: OrderStatus, records: SagaRecord[], actor: string, context: EventContext, paymentToken: string): OrderLogEntry[] {
  const base = (toStatus: OrderStatus | null, reason: string | null = null): OrderEventBase => ({
    orderId: order.id, merchantId: order.merchant_id, actor, fromStatus: toStatus ? from : null, toStatus, reason,
  });
  return records.map((record) => {
    switch (record.event) {
      case 'inventory-reserved':
        return entry(InventoryReservedV1Contract, { ...base(null), expiresAt: record.expiresAt }, context);
      case 'payment-requested':
        return entry(PaymentRequestedV1Contract, {
          ...base(null), attempt: record.attempt, amountCents: Number(order.total_cents), currency: order.currency, paymentToken,
          idempotencyKey: paymentKey(order.id, record.attempt),
        }, context);
      case 'payment-declined':
        return entry(PaymentDeclinedV1Contract, { ...base(null, record.reason), attempt: record.attempt }, context);
      case 'confirmed':
        return entry(OrderConfirmedV1Contract, { ...base('CONFIRMED'), paymentId: record.paymentId, amountCents: record.amountCents, currency: order.currency }, context);
      case 'cancelled':
        return entry(OrderCancelledV1Contract, { ...base('CANCELLED', record.reason), refundRequired: record.refundRequired }, context);
    }
  });
}

/**
 * Events of the manual transitions (pattern 6). A shipment is appended twice during OrderShipped v1's deprecation
 * window (docs/contracts/VERSIONING.md): v1 first, then v2 with the tracking number, each its own event. The
 * timelines show the pair as one entry (`withoutNewerTwins`).
 */
export function transitionEntries(
  order: OrderSagaRow, to: 'SHIPPED' | 'DELIVERED', actor: string, reason: string | null, trackingNumber: string | undefined, context: EventContext,
): OrderLogEntry[] {
  const payload = { orderId: order.id, merchantId: order.merchant_id, actor, fromStatus: order.status, toStatus: to, reason };
  if (to === 'DELIVERED') return [entry(OrderDeliveredV1Contract, payload, context)];
  const shipped: OrderShippedV2 = trackingNumber === undefined ? payload : { ...payload, trackingNumber };
  return [entry(OrderShippedV1Contract, downcastOrderShippedV2ToV1(shipped), context), entry(OrderShippedV2Contract, shipped, context)];
}
