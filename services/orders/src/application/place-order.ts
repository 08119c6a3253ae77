import { createHash } from 'node:crypto';
import { OrderPlacedV1Contract, newEvent } from '@shop/contracts';
import { withTransaction } from '@shop/postgres';
import { problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { CartLine, draftOrder } from '../domain/checkout';
import { DefaultShippingStrategy, DefaultTaxStrategy, ShippingStrategy, TaxStrategy } from '../domain/pricing';
import { PgCatalogReplicaRepository } from '../infrastructure/postgres/pg-catalog-replica.repository';
import { AddressFields, PgCustomerRepository } from '../infrastructure/postgres/pg-customer.repository';
import { PgIdempotencyRepository } from '../infrastructure/postgres/pg-idempotency.repository';
import { PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import { RequestContext, eventContext } from './request-context';

export interface PlaceOrderCommand {
  customerId: string;
  shippingAddressId?: string;
  shippingAddress?: AddressFields;
  items: CartLine[];
  payment: { token: string };
}

export interface CheckoutSettings {
  reservationTtlSeconds: number;
  idempotencyTtlSeconds: number;
  tax?: TaxStrategy;
  shipping?: ShippingStrategy;
}

/** Hash of the request body with sorted keys, so the same body in another key order is the same request. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
    : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
    : value;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Checkout step 1: one transaction inserts the order (PENDING) with price and name snapshots from the catalog
 * replica, an immutable copy of the shipping address, and OrderPlaced. The same Idempotency-Key with the same
 * body returns the first order; with another body it is refused.
 */
export class PlaceOrder {
  private readonly customers = new PgCustomerRepository();
  private readonly catalog = new PgCatalogReplicaRepository();
  private readonly idempotency = new PgIdempotencyRepository();
  private readonly orders = new PgOrderRepository();

  constructor(private readonly pool: Pool, private readonly settings: CheckoutSettings) {}

  async execute(command: PlaceOrderCommand, idempotencyKey: string, context: RequestContext): Promise<{ orderId: string; replayed: boolean }> {
    const hash = requestHash(command);
    const scope = `place-order:${command.customerId}`;
    return withTransaction(this.pool, async (tx) => {
      await this.idempotency.lock(tx, scope, idempotencyKey);
      const previous = await this.idempotency.find(tx, scope, idempotencyKey);
      if (previous) {
        if (previous.request_hash !== hash) throw problems.conflict('this Idempotency-Key was used with a different request body', 'idempotency-key-reused');
        return { orderId: previous.order_id, replayed: true };
      }
      if (!(await this.customers.findCustomer(tx, command.customerId))) throw problems.validation([{ field: 'customerId', message: `customer ${command.customerId} does not exist` }]);
      const address = await this.resolveAddress(tx, command);
      const draft = draftOrder(command.items, await this.catalog.find(tx, command.items.map((item) => item.skuId)), this.settings.tax ?? DefaultTaxStrategy, this.settings.shipping ?? DefaultShippingStrategy);
      if (!draft.ok) throw problems.validation(draft.error);

      const snapshot = await this.customers.insertAddress(tx, command.customerId, address, true);
      const placedAt = new Date();
      const deadline = new Date(placedAt.getTime() + this.settings.reservationTtlSeconds * 1000);
      const order = await this.orders.insert(tx, { customerId: command.customerId, shippingAddressId: snapshot!.id, draft: draft.value, paymentToken: command.payment.token, deadline, placedAt });
      const value = draft.value;
      const placed = newEvent(OrderPlacedV1Contract, order.id, {
        orderId: order.id, merchantId: value.merchantId, actor: context.actor, fromStatus: null, toStatus: 'PENDING', reason: null,
        customerId: command.customerId, currency: value.currency, subtotalCents: Number(value.subtotalCents), taxCents: Number(value.taxCents),
        shippingCents: Number(value.shippingCents), totalCents: Number(value.totalCents),
        lines: value.lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity, unitPriceCents: Number(line.unitPriceCents) })),
        placedAt: order.placed_at.toISOString(), reserveUntil: deadline.toISOString(),
      }, eventContext(context));
      await this.orders.appendFirstEvent(tx, order.id, { envelope: placed, fromStatus: null, toStatus: 'PENDING', actor: context.actor, reason: null });
      await this.idempotency.remember(tx, scope, idempotencyKey, hash, order.id, this.settings.idempotencyTtlSeconds);
      return { orderId: order.id, replayed: false };
    });
  }

  private async resolveAddress(tx: Parameters<PgCustomerRepository['findSavedAddress']>[0], command: PlaceOrderCommand): Promise<AddressFields> {
    if (command.shippingAddressId) {
      const saved = await this.customers.findSavedAddress(tx, command.customerId, command.shippingAddressId);
      if (!saved) throw problems.validation([{ field: 'shippingAddressId', message: `address ${command.shippingAddressId} is not a saved address of customer ${command.customerId}` }]);
      return { line1: saved.line1, line2: saved.line2, city: saved.city, state: saved.state, postalCode: saved.postal_code, countryCode: saved.country_code };
    }
    if (command.shippingAddress) return command.shippingAddress;
    throw problems.validation([{ field: 'shippingAddressId', message: 'give shippingAddressId or shippingAddress' }]);
  }
}
