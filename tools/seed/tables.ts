import type { CopyValue } from '../../services/projections/src/infrastructure/postgres/copy-sink';
import { orderEnvelope, paymentEnvelope, skuChangedEnvelope, stockEnvelope } from './envelopes';
import type { OrderStory } from './order-story';
import type { World } from './world';

export type Emit = (values: readonly CopyValue[]) => void;

/**
 * How one table is filled: its columns (explicit ids included: COPY writes identity values as given), the rows
 * that come from the world (catalog, customers) and the rows each order contributes.
 */
export interface TableLoad {
  table: string;
  columns: readonly string[];
  fromWorld?: (world: World, emit: Emit) => void;
  fromOrder?: (story: OrderStory, emit: Emit) => void;
}

const iso = (millis: number) => new Date(millis).toISOString();

export const PRODUCTS: TableLoad = {
  table: 'inventory.products',
  columns: ['id', 'merchant_id', 'name', 'description', 'created_at', 'updated_at'],
  fromWorld: (world, emit) => {
    const at = iso(world.catalogCreatedAt);
    for (const product of world.products) emit([product.id, product.merchantId, product.name, product.description, at, at]);
  },
};

/** reserved_count comes from the counting pass: the units of ACTIVE reservations per SKU (World.skus order). */
export function skusLoad(reservedBySku: Int32Array): TableLoad {
  return {
    table: 'inventory.skus',
    columns: ['id', 'product_id', 'sku_code', 'attributes', 'price_cents', 'currency', 'inventory_count', 'reserved_count', 'version', 'created_at', 'updated_at'],
    fromWorld: (world, emit) => {
      const at = iso(world.catalogCreatedAt);
      world.skus.forEach((sku, index) => {
        const reserved = reservedBySku[index];
        emit([sku.id, sku.productId, sku.code, JSON.stringify(sku.attributes), sku.priceCents, sku.currency, Math.max(sku.inventoryCount, reserved), reserved, 1, at, at]);
      });
    },
  };
}

export const CATALOG_REPLICA: TableLoad = {
  table: 'orders.catalog_skus',
  columns: ['sku_id', 'product_id', 'merchant_id', 'sku_code', 'name', 'price_cents', 'currency', 'version', 'updated_at'],
  fromWorld: (world, emit) => {
    const at = iso(world.catalogCreatedAt);
    for (const sku of world.skus) emit([sku.id, sku.productId, sku.merchantId, sku.code, sku.name, sku.priceCents, sku.currency, 1, at]);
  },
};

const OUTBOX_COLUMNS = ['id', 'event_id', 'aggregate_type', 'aggregate_id', 'event_type', 'event_version', 'sequence', 'payload', 'created_at', 'traceparent'] as const;

export const INVENTORY_OUTBOX: TableLoad = {
  table: 'inventory.outbox',
  columns: OUTBOX_COLUMNS,
  fromWorld: (world, emit) => {
    world.skus.forEach((sku, index) => {
      const envelope = skuChangedEnvelope(world, sku);
      // The first ids of the seed's inventory outbox range; the orders' stock events follow (IdCursor).
      emit([world.bases.inventoryOutbox + index, envelope.eventId, 'sku', envelope.aggregateId, envelope.type, 1, 1, JSON.stringify(envelope), envelope.occurredAt, envelope.traceparent ?? null]);
    });
  },
  fromOrder: (story, emit) => {
    for (const event of story.stockEvents) {
      const envelope = stockEnvelope(story, event);
      emit([event.rowId, envelope.eventId, 'reservation', envelope.aggregateId, envelope.type, envelope.version, event.sequence, JSON.stringify(envelope), envelope.occurredAt, envelope.traceparent ?? null]);
    }
  },
};

export const RESERVATIONS: TableLoad = {
  table: 'inventory.reservations',
  columns: ['id', 'order_id', 'sku_id', 'quantity', 'status', 'expires_at', 'created_at', 'updated_at'],
  fromOrder: (story, emit) => {
    const reservation = story.reservation;
    if (!reservation) return;
    const expires = reservation.expiresAt === null ? 'infinity' : iso(reservation.expiresAt);
    story.lines.forEach((line, index) => {
      emit([reservation.ids[index], story.id, line.sku.id, line.quantity, reservation.status, expires, iso(reservation.createdAt), iso(reservation.updatedAt)]);
    });
  },
};

export const CUSTOMERS: TableLoad = {
  table: 'orders.customers',
  columns: ['id', 'email', 'full_name', 'created_at', 'updated_at'],
  fromWorld: (world, emit) => {
    for (const customer of world.customers) emit([customer.id, customer.email, customer.fullName, iso(customer.createdAt), iso(customer.createdAt)]);
  },
};

/** Saved addresses, then the immutable snapshot each order shipped to. */
export const ADDRESSES: TableLoad = {
  table: 'orders.addresses',
  columns: ['id', 'customer_id', 'line1', 'line2', 'city', 'state', 'postal_code', 'country_code', 'is_snapshot', 'created_at', 'updated_at'],
  fromWorld: (world, emit) => {
    for (const address of world.addresses) {
      const at = iso(world.customers[address.customerId - world.customers[0].id].createdAt);
      emit([address.id, address.customerId, address.line1, address.line2, address.city, address.state, address.postalCode, address.countryCode, false, at, at]);
    }
  },
  fromOrder: (story, emit) => {
    const { address } = story;
    const at = iso(story.placedAt);
    emit([story.snapshotAddressId, story.customer.id, address.line1, address.line2, address.city, address.state, address.postalCode, address.countryCode, true, at, at]);
  },
};

export const ORDERS: TableLoad = {
  table: 'orders.orders',
  columns: [
    'id', 'customer_id', 'merchant_id', 'status', 'currency', 'subtotal_cents', 'tax_cents', 'shipping_cents', 'total_cents', 'shipping_address_id', 'item_count',
    'total_units', 'payment_attempt', 'payment_token', 'saga_step', 'saga_deadline', 'version', 'placed_at', 'updated_at', 'cancelled_at',
  ],
  fromOrder: (story, emit) => {
    emit([
      story.id, story.customer.id, story.merchant.id, story.status, story.currency, story.subtotalCents, story.taxCents, story.shippingCents, story.totalCents,
      story.snapshotAddressId, story.lines.length, story.totalUnits, story.payments.length, story.paymentToken, story.sagaStep, iso(story.reserveUntil),
      story.steps.length, iso(story.placedAt), iso(story.updatedAt), story.cancelledAt === null ? null : iso(story.cancelledAt),
    ]);
  },
};

export const LINE_ITEMS: TableLoad = {
  table: 'orders.order_line_items',
  columns: ['id', 'order_id', 'sku_id', 'quantity', 'unit_price_cents', 'currency', 'snapshot_name', 'snapshot_sku_code'],
  fromOrder: (story, emit) => {
    for (const line of story.lines) emit([line.id, story.id, line.sku.id, line.quantity, line.unitPriceCents, story.currency, line.sku.name, line.sku.code]);
  },
};

export const ORDER_EVENTS: TableLoad = {
  table: 'orders.order_events',
  columns: ['id', 'event_id', 'order_id', 'aggregate_type', 'aggregate_id', 'event_type', 'event_version', 'sequence', 'from_status', 'to_status', 'actor', 'reason', 'payload', 'created_at', 'traceparent'],
  fromOrder: (story, emit) => {
    for (const step of story.steps) {
      const envelope = orderEnvelope(story, step);
      emit([step.rowId, step.eventId, story.id, 'order', envelope.aggregateId, envelope.type, 1, step.sequence, step.fromStatus, step.toStatus, step.actor, step.reason, JSON.stringify(envelope), envelope.occurredAt, envelope.traceparent ?? null]);
    }
  },
};

export const PAYMENTS: TableLoad = {
  table: 'payments.payments',
  columns: [
    'id', 'order_id', 'merchant_id', 'attempt', 'idempotency_key', 'amount_cents', 'currency', 'status', 'provider', 'provider_token', 'provider_ref', 'failure_code',
    'captured_at', 'correlation_id', 'request_event_id', 'created_at', 'updated_at',
  ],
  fromOrder: (story, emit) => {
    for (const payment of story.payments) {
      const captured = payment.status !== 'FAILED';
      emit([
        payment.id, story.id, story.merchant.id, payment.attempt, payment.key, story.totalCents, story.currency, payment.status, 'simulated', payment.token, payment.providerRef,
        captured ? null : 'card declined', captured ? iso(payment.decidedAt) : null, story.correlationId, payment.requestEventId, iso(payment.createdAt), iso(payment.refund ? payment.refund.at : payment.decidedAt),
      ]);
    }
  },
};

export const REFUNDS: TableLoad = {
  table: 'payments.refunds',
  columns: ['id', 'payment_id', 'order_id', 'amount_cents', 'currency', 'idempotency_key', 'status', 'provider_ref', 'reason', 'created_at', 'updated_at'],
  fromOrder: (story, emit) => {
    for (const payment of story.payments) {
      const refund = payment.refund;
      if (refund) emit([refund.id, payment.id, story.id, story.totalCents, story.currency, refund.key, 'SUCCEEDED', refund.providerRef, refund.reason, iso(refund.at - 200), iso(refund.at)]);
    }
  },
};

/** The payments service notes every cancelled order, so a capture completing late is refunded at once. */
export const CANCELLED_ORDERS: TableLoad = {
  table: 'payments.cancelled_orders',
  columns: ['order_id', 'cancelled_at'],
  fromOrder: (story, emit) => {
    if (story.cancelledAt !== null) emit([story.id, iso(story.cancelledAt + 30)]);
  },
};

export const PAYMENTS_OUTBOX: TableLoad = {
  table: 'payments.outbox',
  columns: OUTBOX_COLUMNS,
  fromOrder: (story, emit) => {
    for (const event of story.paymentEvents) {
      const envelope = paymentEnvelope(story, event);
      emit([event.rowId, envelope.eventId, 'payment', envelope.aggregateId, envelope.type, envelope.version, event.sequence, JSON.stringify(envelope), envelope.occurredAt, envelope.traceparent ?? null]);
    }
  },
};

/** The simulated provider's own ledger: one charge per attempt, one refund per refund, as it answered them. */
export const PROVIDER_LEDGER: TableLoad = {
  table: 'provider_sim.ledger',
  columns: ['idempotency_key', 'kind', 'token', 'charge_ref', 'amount_cents', 'currency', 'status', 'provider_ref', 'calls', 'created_at'],
  fromOrder: (story, emit) => {
    for (const payment of story.payments) {
      emit([payment.key, 'CHARGE', payment.token, null, story.totalCents, story.currency, payment.status === 'FAILED' ? 'DECLINED' : 'SUCCEEDED', payment.providerRef, 1, iso(payment.decidedAt - 50)]);
      const refund = payment.refund;
      if (refund) emit([refund.key, 'REFUND', null, payment.providerRef, story.totalCents, story.currency, 'SUCCEEDED', refund.providerRef, 1, iso(refund.at - 50)]);
    }
  },
};
