import type { EventContext } from '@shop/contracts';
import type { Tx } from '@shop/postgres';
import { SagaDecision, SagaInput, decide } from '../domain/checkout-saga';
import { PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import { sagaEntries } from './order-event.factory';

export type SagaOutcome = SagaDecision | { kind: 'missing' };

/**
 * Applies one saga input to an order inside the caller's transaction: lock the row, decide, store the new state
 * and append the events. The caller must hold the order's aggregate lock (see libs/messaging aggregate-lock).
 */
export async function advanceSaga(tx: Tx, orderId: string, input: SagaInput, actor: string, context: EventContext, newPaymentToken?: string): Promise<SagaOutcome> {
  const orders = new PgOrderRepository();
  const order = await orders.lockForSaga(tx, orderId);
  if (!order) return { kind: 'missing' };
  const decision = decide({ status: order.status, step: order.saga_step, attempt: order.payment_attempt }, input);
  if (decision.kind !== 'apply') return decision;
  const paymentToken = newPaymentToken ?? order.payment_token;
  const entries = sagaEntries(order, order.status, decision.records, actor, context, paymentToken);
  await orders.saveWithEvents(tx, order, { ...decision.state, ...(newPaymentToken ? { paymentToken: newPaymentToken } : {}) }, entries);
  return decision;
}
