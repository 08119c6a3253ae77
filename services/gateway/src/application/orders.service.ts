import { visiblePayments } from '../domain/access-policy';
import { withQuery } from '../domain/request-context';
import { enforce, noFacts } from './access-control';
import { GatewayContext, callContext } from './gateway-context';
import { UpstreamClient } from './upstream.client';

/** An order as the orders service returns it (API.md's Order without `payments`). */
export interface InternalOrder {
  id: string;
  customerId: string;
  merchantId: string;
  [field: string]: unknown;
}

/** A payment attempt as the payments service returns it. */
export interface InternalPayment {
  id: string;
  orderId: string;
  merchantId: string;
  attempt?: number;
  status: string;
  amountCents: number;
  currency: string;
  provider: string;
  providerRef: string | null;
  idempotencyKey: string;
  createdAt: string;
  updatedAt?: string;
}

/** The payment fields of the public Order (API.md pattern 1). */
export function publicPayment(payment: InternalPayment) {
  return {
    id: payment.id,
    attempt: payment.attempt,
    status: payment.status,
    amountCents: payment.amountCents,
    currency: payment.currency,
    provider: payment.provider,
    providerRef: payment.providerRef,
    idempotencyKey: payment.idempotencyKey,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
  };
}

/** Checkout, order reads and order commands: the gateway checks who may, the orders service decides what happens. */
export class OrdersService {
  constructor(private readonly upstream: UpstreamClient) {}

  async place(context: GatewayContext) {
    await enforce(context, { bodyCustomerId: context.body.customerId }, noFacts, {});
    return this.upstream.call(
      'orders',
      { method: 'POST', path: '/internal/orders', body: context.body, idempotencyKey: context.idempotencyKey },
      callContext(context),
    );
  }

  /** Pattern 1: the order from the orders service with its payment attempts from the payments service. */
  async detail(context: GatewayContext) {
    const order = await this.fetchOrder(context);
    await enforce(context, { order: ownership(order) }, noFacts, { order: `order ${context.params.id}` });
    const payments = await this.upstream.call<{ items: InternalPayment[] }>(
      'payments',
      { method: 'GET', path: withQuery('/internal/payments', { orderId: context.params.id }) },
      callContext(context),
    );
    return { ...order, payments: visiblePayments(context.principal, normalise(payments?.items ?? [])).map(publicPayment) };
  }

  /** Pattern 2: a customer's orders, newest first; the cursor is passed through exactly as issued. */
  async history(context: GatewayContext) {
    await enforce(context, { pathCustomerId: context.params.id }, noFacts, { customer: `customer ${context.params.id}` });
    const { limit, cursor } = context.query;
    return this.upstream.call(
      'orders',
      { method: 'GET', path: withQuery(`/internal/customers/${context.params.id}/orders`, { limit: limit ?? 20, cursor }) },
      callContext(context),
    );
  }

  async transition(context: GatewayContext) {
    await this.ownOrder(context);
    return this.upstream.call(
      'orders',
      { method: 'POST', path: `/internal/orders/${context.params.id}/transitions`, body: context.body },
      callContext(context),
    );
  }

  async cancel(context: GatewayContext) {
    await this.ownOrder(context);
    return this.upstream.call(
      'orders',
      { method: 'POST', path: `/internal/orders/${context.params.id}/cancel`, body: context.body ?? {} },
      callContext(context),
    );
  }

  async timeline(context: GatewayContext) {
    await this.ownOrder(context);
    return this.upstream.call('orders', { method: 'GET', path: `/internal/orders/${context.params.id}/timeline` }, callContext(context));
  }

  async retryPayment(context: GatewayContext) {
    await this.ownOrder(context);
    return this.upstream.call(
      'orders',
      { method: 'POST', path: `/internal/orders/${context.params.id}/payments`, body: context.body, idempotencyKey: context.idempotencyKey },
      callContext(context),
    );
  }

  private fetchOrder(context: GatewayContext): Promise<InternalOrder> {
    return this.upstream.call<InternalOrder>('orders', { method: 'GET', path: `/internal/orders/${context.params.id}` }, callContext(context));
  }

  /** Loads the order only when the caller's rule depends on it (not for admin). */
  private ownOrder(context: GatewayContext) {
    return enforce(context, {}, async () => ({ order: ownership(await this.fetchOrder(context)) }), { order: `order ${context.params.id}` });
  }
}

function ownership(order: InternalOrder) {
  return { customerId: String(order.customerId), merchantId: String(order.merchantId) };
}

function normalise(payments: InternalPayment[]): InternalPayment[] {
  return payments.map((payment) => ({ ...payment, merchantId: String(payment.merchantId) }));
}
