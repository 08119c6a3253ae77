import { ProblemError, problems } from '@shop/service-kit';
import { withQuery } from '../domain/request-context';
import { enforce, noFacts } from './access-control';
import { GatewayContext, callContext } from './gateway-context';
import type { InternalOrder, InternalPayment } from './orders.service';
import { UpstreamClient } from './upstream.client';

export const DEFAULT_QUEUE_STATUSES = ['PENDING', 'CONFIRMED'] as const;

/** Read models (fulfillment queue, revenue) from the projections service, and payment look-ups. */
export class FulfillmentFinanceService {
  constructor(private readonly upstream: UpstreamClient) {}

  /** Pattern 4: a merchant's open orders, oldest first. Merchant and fulfillment tokens default to their merchant. */
  async queue(context: GatewayContext) {
    const { principal } = context;
    const merchantId: string | undefined = context.query.merchantId ?? (principal.role === 'admin' ? undefined : principal.merchantId);
    if (merchantId === undefined && principal.role === 'admin') throw problems.validation([{ field: 'merchantId', message: 'is required for an admin token' }]);
    await enforce(context, { queryMerchantId: merchantId }, noFacts, {});
    const { status, limit, cursor } = context.query;
    return this.upstream.call(
      'projections',
      { method: 'GET', path: withQuery('/internal/fulfillment/queue', { merchantId, status: status ?? DEFAULT_QUEUE_STATUSES, limit: limit ?? 100, cursor }) },
      callContext(context),
    );
  }

  /** Pattern 9: one payment attempt by its idempotency key; customers only for their own orders. */
  async paymentByKey(context: GatewayContext) {
    const key: string = context.query.idempotencyKey;
    const payment = await this.upstream.call<InternalPayment>(
      'payments',
      { method: 'GET', path: withQuery('/internal/payments', { idempotencyKey: key }) },
      callContext(context),
    );
    await enforce(
      context,
      { payment: { merchantId: String(payment.merchantId) } },
      async () => {
        const order = await this.upstream
          .call<InternalOrder>('orders', { method: 'GET', path: `/internal/orders/${payment.orderId}` }, callContext(context))
          .catch((error: unknown) => {
            if (error instanceof ProblemError && error.status === 404) return undefined; // an orphan payment is nobody's
            throw error;
          });
        return { paymentOrder: { customerId: order ? String(order.customerId) : '' } };
      },
      { payment: `payment with idempotency key ${key}` },
    );
    return payment;
  }

  /**
   * Pattern 7: captured minus refunded by merchant, UTC day and currency; eventually consistent (`asOf`). Answers
   * the projections' JSON text as is: a day's sum past 2^53 - 1 keeps its digits.
   */
  revenue(context: GatewayContext): Promise<string> {
    const { merchantId, from, to } = context.query;
    return this.upstream.callText('projections', { method: 'GET', path: withQuery('/internal/finance/revenue', { merchantId, from, to }) }, callContext(context));
  }
}
