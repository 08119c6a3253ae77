import { createHash } from 'node:crypto';
import { OrderPlacedV1Contract, newEvent, validateEnvelope } from '@shop/contracts';
import { GroupCommit, refusedData } from '@shop/messaging';
import { problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { CartLine, draftOrder } from '../domain/checkout';
import { DefaultShippingStrategy, DefaultTaxStrategy, ShippingStrategy, TaxStrategy } from '../domain/pricing';
import { CheckoutFacts, CheckoutFactsRequest, NewOrder, PgCheckoutRepository } from '../infrastructure/postgres/pg-checkout.repository';
import type { AddressFields } from '../infrastructure/postgres/pg-customer.repository';
import type { OrderDetailRow } from '../infrastructure/postgres/pg-order.queries';
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
 * Checkout step 1: the order (PENDING) with price and name snapshots from the catalog replica, an immutable copy
 * of the shipping address, and OrderPlaced, in one atomic statement after one read (two round trips instead of
 * thirteen; docs/PERFORMANCE.md). Concurrent checkouts share both round trips: a read or write that arrives
 * while the previous one is in flight goes with the next (GroupCommit), so a burst costs a few statements and
 * a few commits, each waking the log's readers once, instead of two statements and one commit per order. The
 * same Idempotency-Key with the same body returns the first order; with another body it is refused. Two
 * concurrent requests with one key: the key's insert decides, the loser reads the winner's answer.
 */
export class PlaceOrder {
  private readonly checkout = new PgCheckoutRepository();
  private readonly facts: GroupCommit<CheckoutFactsRequest, CheckoutFacts>;
  private readonly writes: GroupCommit<NewOrder, OrderDetailRow | undefined>;

  constructor(private readonly pool: Pool, private readonly settings: CheckoutSettings) {
    this.facts = new GroupCommit((requests) => this.checkout.facts(this.pool, requests), 100, refusedData);
    this.writes = new GroupCommit((orders) => this.checkout.place(this.pool, orders), 100, refusedData);
  }

  /** The order id, and for a new order its detail as written (a replay has none: read it). */
  async execute(command: PlaceOrderCommand, idempotencyKey: string, context: RequestContext): Promise<{ orderId: string; replayed: boolean; placed?: OrderDetailRow }> {
    const hash = requestHash(command);
    const scope = `place-order:${command.customerId}`;
    for (let attempt = 1; ; attempt++) {
      const facts = await this.facts.submit({
        scope, idempotencyKey, customerId: command.customerId, shippingAddressId: command.shippingAddressId, skuIds: command.items.map((item) => item.skuId),
      });
      if (facts.previous) {
        if (facts.previous.requestHash !== hash) throw problems.conflict('this Idempotency-Key was used with a different request body', 'idempotency-key-reused');
        return { orderId: facts.previous.orderId, replayed: true };
      }
      if (!facts.customerExists) throw problems.validation([{ field: 'customerId', message: `customer ${command.customerId} does not exist` }]);
      const address = this.resolveAddress(command, facts.savedAddress);
      const draft = draftOrder(command.items, facts.catalog, this.settings.tax ?? DefaultTaxStrategy, this.settings.shipping ?? DefaultShippingStrategy);
      if (!draft.ok) throw problems.validation(draft.error);

      const orderId = facts.nextOrderId;
      const placedAt = new Date();
      const deadline = new Date(placedAt.getTime() + this.settings.reservationTtlSeconds * 1000);
      const value = draft.value;
      const envelope = newEvent(OrderPlacedV1Contract, orderId, {
        orderId, merchantId: value.merchantId, actor: context.actor, fromStatus: null, toStatus: 'PENDING', reason: null,
        customerId: command.customerId, currency: value.currency, subtotalCents: Number(value.subtotalCents), taxCents: Number(value.taxCents),
        shippingCents: Number(value.shippingCents), totalCents: Number(value.totalCents),
        lines: value.lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity, unitPriceCents: Number(line.unitPriceCents) })),
        placedAt: placedAt.toISOString(), reserveUntil: deadline.toISOString(),
      }, eventContext(context));
      envelope.sequence = 1;
      validateEnvelope(envelope); // published events always match their contract
      const placed = await this.writes.submit({
        orderId, addressId: facts.nextAddressId, scope, idempotencyKey, requestHash: hash, idempotencyTtlSeconds: this.settings.idempotencyTtlSeconds, customerId: command.customerId,
        address, draft: value, paymentToken: command.payment.token, deadline, placedAt,
        placed: { envelope, fromStatus: null, toStatus: 'PENDING', actor: context.actor, reason: null },
      });
      if (placed) return { orderId, replayed: false, placed };
      // A concurrent request with this key committed first: the next read returns its answer.
      if (attempt >= 3) throw new Error(`idempotency key ${idempotencyKey} stayed taken without a readable answer`);
    }
  }

  private resolveAddress(command: PlaceOrderCommand, saved: AddressFields | undefined): AddressFields {
    if (command.shippingAddressId) {
      if (!saved) throw problems.validation([{ field: 'shippingAddressId', message: `address ${command.shippingAddressId} is not a saved address of customer ${command.customerId}` }]);
      return saved;
    }
    if (command.shippingAddress) return command.shippingAddress;
    throw problems.validation([{ field: 'shippingAddressId', message: 'give shippingAddressId or shippingAddress' }]);
  }
}
