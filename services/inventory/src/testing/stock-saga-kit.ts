import {
  OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderPlacedV1Contract, OrderShippedV1Contract, newEvent,
} from '@shop/contracts';
import { BatchProcessor, ConsumerStore } from '@shop/messaging';
import type { Pool } from 'pg';
import pino from 'pino';
import { stockSagaSubscriptions } from '../application/stock-saga.handlers';

/** The order events inventory's saga handlers take, as the orders log carries them (one unit of one SKU). */
const context = { correlationId: 'test', causationId: 'test' };

export function orderPlaced(orderId: string, skuId: string, deadline = new Date(Date.now() + 60_000)) {
  return {
    ...newEvent(OrderPlacedV1Contract, orderId, {
      orderId, merchantId: '1', actor: 'test', fromStatus: null, toStatus: 'PENDING', reason: null, customerId: '1', currency: 'USD',
      subtotalCents: 100, taxCents: 0, shippingCents: 0, totalCents: 100, lines: [{ skuId, quantity: 1, unitPriceCents: 100 }],
      placedAt: new Date(deadline.getTime() - 60_000).toISOString(), reserveUntil: deadline.toISOString(),
    }, context),
    sequence: 1,
  };
}

export function orderConfirmed(orderId: string) {
  return {
    ...newEvent(OrderConfirmedV1Contract, orderId, {
      orderId, merchantId: '1', actor: 'system:saga', fromStatus: 'PENDING', toStatus: 'CONFIRMED', reason: null, paymentId: '1', amountCents: 100, currency: 'USD',
    }, context),
    sequence: 4,
  };
}

export function orderCancelled(orderId: string) {
  return {
    ...newEvent(OrderCancelledV1Contract, orderId, { orderId, merchantId: '1', actor: 'test', fromStatus: 'PENDING', toStatus: 'CANCELLED', reason: 'changed mind', refundRequired: false }, context),
    sequence: 3,
  };
}

export function orderShipped(orderId: string) {
  return {
    ...newEvent(OrderShippedV1Contract, orderId, { orderId, merchantId: '1', actor: 'fulfillment:test', fromStatus: 'CONFIRMED', toStatus: 'SHIPPED', reason: null }, context),
    sequence: 6,
  };
}

let groups = 0;

/** Inventory's saga handlers behind a consumer of their own (a fresh group each time), as the bus runs them. */
export function stockConsumer(pool: Pool): BatchProcessor<number> {
  return new BatchProcessor<number>({
    group: `stock-${++groups}`, source: 'test', pool, store: new ConsumerStore('inventory'), log: pino({ level: 'silent' }),
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: stockSagaSubscriptions(),
  });
}

/** One batch through a fresh consumer. */
export function processBatch(pool: Pool, events: unknown[]) {
  return stockConsumer(pool).process(events.map((raw, position) => ({ raw, position })));
}

/** A product and a SKU with `stock` units; answers the SKU id. */
export async function createSku(admin: Pool, code: string, stock: number): Promise<string> {
  await admin.query(`INSERT INTO inventory.products (merchant_id, name) SELECT 1, 'Test product' WHERE NOT EXISTS (SELECT 1 FROM inventory.products)`);
  const { rows } = await admin.query(
    `INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT min(id), $1, 100, 'USD', $2 FROM inventory.products RETURNING id::text`,
    [code, stock],
  );
  return rows[0].id;
}
