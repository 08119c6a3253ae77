/** Where an order is in the checkout saga, from the columns GET /v1/admin/orders/recent returns. */

export interface SagaOrder {
  status: string;
  /** AWAITING_RESERVATION | AWAITING_PAYMENT | PAYMENT_DECLINED | DONE (services/orders/src/domain/checkout-saga.ts). */
  sagaStep: string;
  paymentAttempt: number;
}

export type StepState = 'done' | 'current' | 'failed' | 'skipped' | 'todo';

export interface SagaStepView {
  key: 'placed' | 'reserved' | 'requested' | 'payment' | 'outcome';
  label: string;
  state: StepState;
}

export interface SagaProgress {
  steps: SagaStepView[];
  summary: string;
}

const FULFILLED = new Set(['CONFIRMED', 'SHIPPED', 'DELIVERED']);

function steps(states: [StepState, StepState, StepState, StepState, StepState], payment = 'captured', outcome = 'confirmed'): SagaStepView[] {
  return [
    { key: 'placed', label: 'placed', state: states[0] },
    { key: 'reserved', label: 'stock reserved', state: states[1] },
    { key: 'requested', label: 'payment requested', state: states[2] },
    { key: 'payment', label: payment, state: states[3] },
    { key: 'outcome', label: outcome, state: states[4] },
  ];
}

/**
 * placed -> stock reserved -> payment requested -> captured/declined -> confirmed/cancelled. A cancelled order
 * does not say whether its payment was captured (a refund follows either way), so that step shows as skipped;
 * with no payment attempt it never got stock either (rejected, timed out or cancelled first).
 */
export function sagaProgress(order: SagaOrder): SagaProgress {
  const attempt = order.paymentAttempt > 1 ? ` (attempt ${order.paymentAttempt})` : '';
  if (FULFILLED.has(order.status)) return { steps: steps(['done', 'done', 'done', 'done', 'done']), summary: order.status.toLowerCase() };
  if (order.status === 'CANCELLED') {
    return order.paymentAttempt > 0
      ? { steps: steps(['done', 'done', 'done', 'skipped', 'failed'], 'payment', 'cancelled'), summary: 'cancelled' }
      : { steps: steps(['done', 'skipped', 'skipped', 'skipped', 'failed'], 'payment', 'cancelled'), summary: 'cancelled before stock was reserved' };
  }
  switch (order.sagaStep) {
    case 'AWAITING_RESERVATION':
      return { steps: steps(['done', 'current', 'todo', 'todo', 'todo'], 'payment', 'outcome'), summary: 'reserving stock' };
    case 'AWAITING_PAYMENT':
      return { steps: steps(['done', 'done', 'done', 'current', 'todo'], 'payment', 'outcome'), summary: `awaiting capture${attempt}` };
    case 'PAYMENT_DECLINED':
      return { steps: steps(['done', 'done', 'done', 'failed', 'todo'], 'declined', 'outcome'), summary: `declined${attempt}, awaiting retry` };
    default:
      return { steps: steps(['done', 'todo', 'todo', 'todo', 'todo'], 'payment', 'outcome'), summary: `${order.status.toLowerCase()} / ${order.sagaStep}` };
  }
}
