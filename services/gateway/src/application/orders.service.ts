import { ProblemError, orderWithTrackingNumber } from '@shop/service-kit';
import { transitionOperations, visiblePayments } from '../domain/access-policy';
import { OrderDetailCache } from '../domain/order-detail-cache';
import { withQuery } from '../domain/request-context';
import { enforce, noFacts } from './access-control';
import { GatewayContext, callContext } from './gateway-context';
import { UpstreamClient } from './upstream.client';

/** An order as the orders service returns it (API.md's Order without `payments`). */
export interface InternalOrder {
  id: string;
  customerId: string;
  merchantId: string;
  /** 0 until the saga asks payments for the first attempt. */
  paymentAttempt?: number;
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
  /** Why the attempt failed (the provider's reason), null unless FAILED. */
  failureCode?: string | null;
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
    failureCode: payment.failureCode ?? null,
    idempotencyKey: payment.idempotencyKey,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
  };
}

/** What the order detail cache keeps: the order and all its payment attempts, before any per-caller filtering. */
export interface OrderDetail {
  order: InternalOrder;
  payments: InternalPayment[];
  /** The public JSON when every payment is visible (all but merchant and fulfillment callers), made once per entry. */
  json?: string;
}

/** Checkout, order reads and order commands: the gateway checks who may, the orders service decides what happens. */
export class OrdersService {
  constructor(
    private readonly upstream: UpstreamClient,
    /** Off (never enabled) unless the gateway listens for order changes (infrastructure/order-change-listener.ts). */
    private readonly details: OrderDetailCache<OrderDetail> = new OrderDetailCache({ maxEntries: 0, ttlMs: 0 }),
  ) {}

  async place(context: GatewayContext) {
    await enforce(context, { bodyCustomerId: context.body.customerId }, noFacts, {});
    const order = await this.upstream.call<InternalOrder>(
      'orders',
      { method: 'POST', path: '/internal/orders', body: context.body, idempotencyKey: context.idempotencyKey },
      callContext(context),
    );
    context.orderId = String(order.id);
    return this.withPayments(context, order);
  }

  /**
   * Pattern 1: the order from the orders service with its payment attempts from the payments service, or from the
   * order detail cache. Who may see it is decided on every request, cached or not, and before payments are asked for.
   * Answers the JSON text: a cached detail is serialised once, not on every read.
   */
  async detail(context: GatewayContext): Promise<string> {
    const id: string = context.params.id;
    const cached = context.noCache ? undefined : this.details.get(id, Date.now());
    if (cached) {
      await enforce(context, { order: ownership(cached.order) }, noFacts, { order: `order ${id}` });
      return publicDetailJson(context, cached);
    }
    const ticket = this.details.begin(id);
    let detail: OrderDetail;
    try {
      const order = await this.fetchOrder(context);
      await enforce(context, { order: ownership(order) }, noFacts, { order: `order ${id}` });
      detail = { order, payments: await this.fetchPayments(context, id) };
    } catch (error) {
      // Every read of an unknown id ended here and left its ticket behind: a client probing ids grew the map.
      this.details.abandon(id, ticket);
      throw error;
    }
    this.details.fill(id, ticket, detail, Date.now());
    return publicDetailJson(context, detail);
  }

  /**
   * An order by the tracking number it was shipped with, as `detail` answers it. Always read through (the cache is
   * keyed by order id, and the number is what is unknown); a hidden order reads exactly like no order at all.
   */
  async byTrackingNumber(context: GatewayContext): Promise<string> {
    const trackingNumber: string = context.query.trackingNumber;
    const order = await this.upstream.call<InternalOrder>(
      'orders',
      { method: 'GET', path: withQuery('/internal/orders', { trackingNumber }) },
      callContext(context),
    );
    await enforce(context, { order: ownership(order) }, noFacts, { order: orderWithTrackingNumber(trackingNumber) });
    context.orderId = String(order.id);
    return publicDetailJson(context, { order, payments: await this.fetchPayments(context, String(order.id)) });
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
    await this.ownOrder(context, transitionOperations(context.body?.to));
    const order = await this.changing(context, () =>
      this.upstream.call<InternalOrder>('orders', { method: 'POST', path: `/internal/orders/${context.params.id}/transitions`, body: context.body }, callContext(context)),
    );
    return this.withPayments(context, order);
  }

  async cancel(context: GatewayContext) {
    await this.ownOrder(context);
    const order = await this.changing(context, () =>
      this.upstream.call<InternalOrder>('orders', { method: 'POST', path: `/internal/orders/${context.params.id}/cancel`, body: context.body ?? {} }, callContext(context)),
    );
    return this.withPayments(context, order);
  }

  async timeline(context: GatewayContext) {
    await this.ownOrder(context);
    return this.upstream.call('orders', { method: 'GET', path: `/internal/orders/${context.params.id}/timeline` }, callContext(context));
  }

  async retryPayment(context: GatewayContext) {
    await this.ownOrder(context);
    const order = await this.changing(context, () =>
      this.upstream.call<InternalOrder>(
        'orders',
        { method: 'POST', path: `/internal/orders/${context.params.id}/payments`, body: context.body, idempotencyKey: context.idempotencyKey },
        callContext(context),
      ),
    );
    return this.withPayments(context, order);
  }

  /**
   * A command on the order through this gateway: its cached detail is dropped as soon as the service answered
   * (failed or not), so the caller's next read sees the change even if the database's announcement is still on its
   * way. Other gateways rely on the announcement.
   */
  private async changing<T>(context: GatewayContext, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } finally {
      this.details.invalidate([String(context.params.id)]);
    }
  }

  /**
   * API.md's Order for a command's answer: the order the orders service returned with the payment attempts this caller
   * may see. An order that has not yet asked for a payment (every new checkout) has none, so checkout asks no one.
   */
  private async withPayments(context: GatewayContext, order: InternalOrder) {
    if (order.paymentAttempt === 0) return { ...order, payments: [] };
    try {
      const payments = await this.fetchPayments(context, order.id);
      return { ...order, payments: visiblePayments(context.principal, payments).map(publicPayment) };
    } catch (error) {
      // The command has committed: a 503 or 504 now would have the caller repeat it (a second cancel is a 409).
      // The order is answered without its payments, which GET /v1/orders/{id} gives once payments answers again.
      if (error instanceof ProblemError && (error.status === 503 || error.status === 504)) return order;
      throw error;
    }
  }

  private async fetchPayments(context: GatewayContext, orderId: string): Promise<InternalPayment[]> {
    const payments = await this.upstream.call<{ items: InternalPayment[] }>(
      'payments',
      { method: 'GET', path: withQuery('/internal/payments', { orderId }) },
      callContext(context),
    );
    return normalise(payments?.items ?? []);
  }

  private fetchOrder(context: GatewayContext): Promise<InternalOrder> {
    return this.upstream.call<InternalOrder>('orders', { method: 'GET', path: `/internal/orders/${context.params.id}` }, callContext(context));
  }

  /**
   * Loads the order only when the caller's rule depends on it (not for admin). An order's customer and merchant
   * never change, so a cached detail answers as well as the orders service.
   */
  private async ownOrder(context: GatewayContext, operations = [context.operation]) {
    // One set of facts for every operation asked: the order is loaded at most once.
    const facts = {};
    for (const operation of operations)
      await enforce(
        { ...context, operation },
        facts,
        async () => ({ order: ownership(this.details.peek(context.params.id, Date.now())?.order ?? (await this.fetchOrder(context))) }),
        { order: `order ${context.params.id}` },
      );
  }
}

function ownership(order: InternalOrder) {
  return { customerId: String(order.customerId), merchantId: String(order.merchantId) };
}

/** API.md's Order as JSON text: the order with the payment attempts this caller may see. */
function publicDetailJson(context: GatewayContext, detail: OrderDetail): string {
  const visible = visiblePayments(context.principal, detail.payments);
  const json = () => JSON.stringify({ ...detail.order, payments: visible.map(publicPayment) });
  if (visible.length !== detail.payments.length) return json();
  return (detail.json ??= json());
}

function normalise(payments: InternalPayment[]): InternalPayment[] {
  return payments.map((payment) => ({ ...payment, merchantId: String(payment.merchantId) }));
}
