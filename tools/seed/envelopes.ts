import {
  EventContract, EventEnvelope, InventoryReservedV1Contract, OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderDeliveredV1Contract, OrderEventBase,
  OrderPlacedV1Contract, OrderShippedV1Contract, PaymentCapturedV1Contract, PaymentCapturedV2Contract, PaymentDeclinedByProviderV1Contract, PaymentDeclinedV1Contract,
  PaymentRefundedV1Contract, PaymentRequestedV1Contract, SkuChangedV1Contract, StockCommittedV1Contract, StockRejectedV1Contract, StockReleasedV1Contract,
  StockReservedV1Contract,
} from '@shop/contracts';
import { uuidFrom } from './random';
import type { OrderStep, OrderStory, PaymentEventStory, StockEventStory } from './order-story';
import type { Sku, World } from './world';

const iso = (millis: number) => new Date(millis).toISOString();

function envelope<P>(contract: EventContract<P>, aggregateId: string, sequence: number, eventId: string, at: number, correlationId: string, causationId: string, payload: P): EventEnvelope<P> {
  return {
    eventId, type: contract.type, version: contract.version, aggregateType: contract.aggregateType, aggregateId, sequence, occurredAt: iso(at), correlationId, causationId,
    traceparent: seededTraceparent(eventId), payload,
  };
}

/**
 * Every event carries a traceparent, as the services write them (Debezium would send a null header for none).
 * Taken from the event id, so a seed stays the same for the same --seed.
 */
function seededTraceparent(eventId: string): string {
  const hex = eventId.replace(/-/g, '');
  return `00-${hex}-${hex.slice(16)}-01`;
}

/** The envelope the orders service wrote for a step (its payload carries the status-history fields). */
export function orderEnvelope(story: OrderStory, step: OrderStep): EventEnvelope {
  const orderId = String(story.id);
  const base: OrderEventBase = { orderId, merchantId: String(story.merchant.id), actor: step.actor, fromStatus: step.fromStatus, toStatus: step.toStatus, reason: step.reason };
  const wrap = <P>(contract: EventContract<P>, payload: P) => envelope(contract, orderId, step.sequence, step.eventId, step.at, story.correlationId, step.causationId, payload);
  switch (step.kind) {
    case 'placed':
      return wrap(OrderPlacedV1Contract, {
        ...base, customerId: String(story.customer.id), currency: story.currency, subtotalCents: story.subtotalCents, taxCents: story.taxCents, shippingCents: story.shippingCents,
        totalCents: story.totalCents, lines: story.lines.map((line) => ({ skuId: String(line.sku.id), quantity: line.quantity, unitPriceCents: line.unitPriceCents })),
        placedAt: iso(story.placedAt), reserveUntil: iso(story.reserveUntil),
      });
    case 'inventory-reserved':
      return wrap(InventoryReservedV1Contract, { ...base, expiresAt: iso(story.reserveUntil) });
    case 'payment-requested': {
      const payment = story.payments.find((candidate) => candidate.attempt === step.attempt)!;
      return wrap(PaymentRequestedV1Contract, { ...base, attempt: step.attempt!, amountCents: story.totalCents, currency: story.currency, paymentToken: payment.token, idempotencyKey: payment.key });
    }
    case 'payment-declined':
      return wrap(PaymentDeclinedV1Contract, { ...base, attempt: step.attempt! });
    case 'confirmed': {
      const payment = story.payments.find((candidate) => candidate.attempt === step.attempt)!;
      return wrap(OrderConfirmedV1Contract, { ...base, paymentId: String(payment.id), amountCents: story.totalCents, currency: story.currency });
    }
    case 'shipped':
      return wrap(OrderShippedV1Contract, base);
    case 'delivered':
      return wrap(OrderDeliveredV1Contract, base);
    case 'cancelled':
      return wrap(OrderCancelledV1Contract, { ...base, refundRequired: step.refundRequired ?? false });
  }
}

/** The envelope the payments service wrote to its outbox (aggregate payment, keyed by order id). */
export function paymentEnvelope(story: OrderStory, event: PaymentEventStory): EventEnvelope {
  const orderId = String(story.id);
  const merchantId = String(story.merchant.id);
  const { payment } = event;
  // A payment's events continue the saga that requested it: its correlation, caused by the request.
  const wrap = <P>(contract: EventContract<P>, payload: P) => envelope(contract, orderId, event.sequence, event.eventId, event.at, story.correlationId, payment.requestEventId, payload);
  const capture = { orderId, paymentId: String(payment.id), merchantId, attempt: payment.attempt, provider: 'simulated', providerRef: payment.providerRef, capturedAt: iso(payment.decidedAt) };
  switch (event.kind) {
    case 'captured':
      return wrap(PaymentCapturedV1Contract, { ...capture, amountCents: story.totalCents, currency: story.currency });
    case 'captured-v2':
      return wrap(PaymentCapturedV2Contract, { ...capture, amount: { minorUnits: String(story.totalCents), currency: story.currency }, method: 'card' });
    case 'declined':
      return wrap(PaymentDeclinedByProviderV1Contract, { orderId, paymentId: String(payment.id), merchantId, attempt: payment.attempt, reason: 'card declined' });
    case 'refunded':
      return wrap(PaymentRefundedV1Contract, {
        orderId, paymentId: String(payment.id), refundId: String(payment.refund!.id), merchantId, amountCents: story.totalCents, currency: story.currency,
        capturedAt: iso(payment.decidedAt), refundedAt: iso(payment.refund!.at),
      });
  }
}

/** The envelope the inventory service wrote to its outbox (aggregate reservation, keyed by order id). */
export function stockEnvelope(story: OrderStory, event: StockEventStory): EventEnvelope {
  const orderId = String(story.id);
  const placed = story.steps[0];
  const wrap = <P>(contract: EventContract<P>, payload: P) => envelope(contract, orderId, event.sequence, event.eventId, event.at, story.correlationId, placed.eventId, payload);
  switch (event.kind) {
    case 'reserved':
      return wrap(StockReservedV1Contract, { orderId, lines: story.lines.map((line) => ({ skuId: String(line.sku.id), quantity: line.quantity })), expiresAt: iso(story.reserveUntil) });
    case 'rejected': {
      const short = story.lines[0];
      return wrap(StockRejectedV1Contract, { orderId, reason: 'OUT_OF_STOCK', shortages: [{ skuId: String(short.sku.id), requested: short.quantity, available: 0 }] });
    }
    case 'released':
      return wrap(StockReleasedV1Contract, { orderId, reason: event.reason ?? 'order cancelled' });
    case 'committed':
      return wrap(StockCommittedV1Contract, { orderId });
  }
}

/** SkuChanged as the inventory service published it when the SKU was created (aggregate sku, sequence 1). */
export function skuChangedEnvelope(world: World, sku: Sku): EventEnvelope {
  const eventId = uuidFrom(world.seed, sku.id, 3_000);
  const correlationId = `seed-catalog-${sku.id}`;
  return envelope(SkuChangedV1Contract, String(sku.id), 1, eventId, world.catalogCreatedAt, correlationId, correlationId, {
    skuId: String(sku.id), productId: String(sku.productId), merchantId: String(sku.merchantId), skuCode: sku.code, name: sku.name, priceCents: sku.priceCents, currency: sku.currency, version: 1,
  });
}
