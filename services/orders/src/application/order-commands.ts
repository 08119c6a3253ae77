import { aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import { problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { checkRequestedTransition, describeRefusal, isOrderStatus } from '../domain/order-status';
import { PgIdempotencyRepository } from '../infrastructure/postgres/pg-idempotency.repository';
import { PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import { transitionEntries } from './order-event.factory';
import { advanceSaga } from './order-saga';
import { requestHash } from './place-order';
import { RequestContext, eventContext } from './request-context';

/** A transition as asked for: the validated body of `POST /internal/orders/:id/transitions`. */
export interface TransitionRequest {
  to: string;
  expectedFrom?: string;
  reason?: string | null;
  /** Only with `to` SHIPPED. */
  trackingNumber?: string;
}

/** Customer and merchant requests that change an order: cancel, retry a declined payment, ship, deliver. */
export class OrderCommands {
  private readonly orders = new PgOrderRepository();
  private readonly idempotency = new PgIdempotencyRepository();

  constructor(private readonly pool: Pool, private readonly idempotencyTtlSeconds: number) {}

  async cancel(orderId: string, reason: string, context: RequestContext): Promise<void> {
    await withTransaction(this.pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('order', orderId)]);
      const outcome = await advanceSaga(tx, orderId, { kind: 'cancel', reason }, context.actor, eventContext(context));
      if (outcome.kind === 'missing') throw problems.notFound(`order ${orderId}`);
      if (outcome.kind === 'refuse') throw problems.conflict(outcome.why, 'illegal-transition');
    });
  }

  async retryPayment(orderId: string, token: string, idempotencyKey: string, context: RequestContext): Promise<void> {
    const hash = requestHash({ token });
    const scope = `retry-payment:${orderId}`;
    await withTransaction(this.pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('order', orderId)]);
      await this.idempotency.lock(tx, scope, idempotencyKey);
      const previous = await this.idempotency.find(tx, scope, idempotencyKey);
      if (previous) {
        if (previous.request_hash !== hash) throw problems.conflict('this Idempotency-Key was used with a different request body', 'idempotency-key-reused');
        return;
      }
      const outcome = await advanceSaga(tx, orderId, { kind: 'payment-retry', at: new Date() }, context.actor, eventContext(context), token);
      if (outcome.kind === 'missing') throw problems.notFound(`order ${orderId}`);
      if (outcome.kind === 'refuse') throw problems.conflict(outcome.why, 'payment-retry-not-allowed');
      await this.idempotency.remember(tx, scope, idempotencyKey, hash, orderId, this.idempotencyTtlSeconds);
    });
  }

  /**
   * Pattern 6: append a status transition; illegal or stale (expectedFrom) requests are refused with 409. A
   * shipment's tracking number is written in the same transaction, so a number another order has (409) leaves the
   * order as it was. A repeated SHIPPED is refused as illegal before its number is looked at, as any repeat is.
   */
  async transition(orderId: string, request: TransitionRequest, context: RequestContext): Promise<void> {
    const { to, expectedFrom, trackingNumber } = request;
    const reason = request.reason ?? null;
    if (!isOrderStatus(to)) throw problems.validation([{ field: 'to', message: 'must be one of PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED' }]);
    if (expectedFrom !== undefined && !isOrderStatus(expectedFrom)) throw problems.validation([{ field: 'expectedFrom', message: 'must be an order status' }]);
    if (trackingNumber !== undefined && to !== 'SHIPPED') throw problems.validation([{ field: 'trackingNumber', message: 'is allowed only with to SHIPPED' }]);
    if (to === 'CANCELLED') {
      await withTransaction(this.pool, async (tx) => {
        await lockAggregates(tx, [aggregateKey('order', orderId)]);
        const order = await this.orders.lockForSaga(tx, orderId);
        if (!order) throw problems.notFound(`order ${orderId}`);
        if (expectedFrom !== undefined && expectedFrom !== order.status) throw problems.conflict(`the order is ${order.status}, not ${expectedFrom}; reload it and try again`, 'stale-transition');
        const outcome = await advanceSaga(tx, orderId, { kind: 'cancel', reason: reason ?? 'cancelled' }, context.actor, eventContext(context));
        if (outcome.kind === 'refuse') throw problems.conflict(outcome.why, 'illegal-transition');
      });
      return;
    }
    await withTransaction(this.pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('order', orderId)]);
      const order = await this.orders.lockForSaga(tx, orderId);
      if (!order) throw problems.notFound(`order ${orderId}`);
      const check = checkRequestedTransition(order.status, to, expectedFrom as never);
      if (!check.ok) throw problems.conflict(describeRefusal(check.error), check.error.kind === 'stale' ? 'stale-transition' : 'illegal-transition');
      const entries = transitionEntries(order, to as 'SHIPPED' | 'DELIVERED', context.actor, reason, trackingNumber, eventContext(context));
      if (trackingNumber !== undefined) {
        const recorded = await this.orders.setTrackingNumber(tx, orderId, trackingNumber);
        if (!recorded.ok) throw problems.conflict(`tracking number ${JSON.stringify(trackingNumber)} is already on another order`, 'tracking-number-taken');
      }
      await this.orders.saveWithEvents(tx, order, { status: to, step: order.saga_step, attempt: order.payment_attempt }, entries);
    });
  }
}
