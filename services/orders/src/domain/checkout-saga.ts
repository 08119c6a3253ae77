import type { OrderStatus } from './order-status';

/** Where an order's checkout stands, beyond its status. */
export type SagaStep = 'AWAITING_RESERVATION' | 'AWAITING_PAYMENT' | 'PAYMENT_DECLINED' | 'DONE';

export interface SagaState {
  status: OrderStatus;
  step: SagaStep;
  /** The current payment attempt (0 before the first request). */
  attempt: number;
  /** When the order's reservation expires: a capture decided later cancels and refunds instead of confirming. */
  deadline?: Date;
}

/** What happened to the order: an event from another service, the clock, or a customer request. */
export type SagaInput =
  | { kind: 'stock-reserved'; expiresAt: string; at: Date }
  | { kind: 'stock-rejected'; reason: string }
  | { kind: 'payment-captured'; attempt: number; paymentId: string; amountCents: number; at: Date }
  | { kind: 'payment-declined'; attempt: number; reason: string }
  | { kind: 'deadline-passed' }
  | { kind: 'payment-retry'; at: Date }
  | { kind: 'cancel'; reason: string };

/** A step the order log records; each becomes one event in orders.order_events. */
export type SagaRecord =
  | { event: 'inventory-reserved'; expiresAt: string }
  | { event: 'payment-requested'; attempt: number }
  | { event: 'payment-declined'; attempt: number; reason: string }
  | { event: 'confirmed'; paymentId: string; amountCents: number }
  | { event: 'cancelled'; reason: string; refundRequired: boolean };

/** The most payment attempts one order may make (the payment-requested contract's `attempt` stops there). */
export const MAX_PAYMENT_ATTEMPTS = 1000;

export type SagaDecision =
  | { kind: 'apply'; state: SagaState; records: SagaRecord[] }
  /** A late or repeated event that no longer matters (the order moved on); nothing changes. */
  | { kind: 'ignore'; why: string }
  /** A request the order's state does not allow; the API answers 409. */
  | { kind: 'refuse'; why: string };

const apply = (state: SagaState, ...records: SagaRecord[]): SagaDecision => ({ kind: 'apply', state, records });
const ignore = (why: string): SagaDecision => ({ kind: 'ignore', why });
const refuse = (why: string): SagaDecision => ({ kind: 'refuse', why });

/**
 * The checkout saga as a pure reducer. Each forward step has its compensation: a rejected reservation or a
 * passed deadline cancels the order (inventory then releases stock, payments refunds a capture); a declined
 * payment keeps the order PENDING for a retry until the deadline.
 */
export function decide(state: SagaState, input: SagaInput): SagaDecision {
  const pending = state.status === 'PENDING';
  switch (input.kind) {
    case 'stock-reserved':
      if (!pending || state.step !== 'AWAITING_RESERVATION') return ignore(`stock reserved for an order that is ${state.status}/${state.step}`);
      // Stock reserved too late (inventory behind by more than the TTL): the order is past its deadline, so a charge
      // now would only be refunded. The outcome is the sweeper's, with the reservation recorded and released.
      if (state.deadline && input.at.getTime() >= state.deadline.getTime()) {
        return apply(
          { ...state, status: 'CANCELLED', step: 'DONE' },
          { event: 'inventory-reserved', expiresAt: input.expiresAt },
          { event: 'cancelled', reason: 'stock was reserved after the reservation expired', refundRequired: false },
        );
      }
      return apply({ ...state, step: 'AWAITING_PAYMENT', attempt: 1 }, { event: 'inventory-reserved', expiresAt: input.expiresAt }, { event: 'payment-requested', attempt: 1 });
    case 'stock-rejected':
      if (!pending || state.step !== 'AWAITING_RESERVATION') return ignore(`stock rejected for an order that is ${state.status}/${state.step}`);
      return apply({ ...state, status: 'CANCELLED', step: 'DONE' }, { event: 'cancelled', reason: `out of stock (${input.reason})`, refundRequired: false });
    case 'payment-captured':
      if (!pending || state.step !== 'AWAITING_PAYMENT' || input.attempt !== state.attempt) {
        return ignore(`capture of attempt ${input.attempt} for an order that is ${state.status}/${state.step} at attempt ${state.attempt}`);
      }
      // Past the deadline the reservation may already be back on sale (inventory's safety net releases it a grace
      // period later, unless a confirmation pinned it first): a paid order without stock would be oversold. The
      // outcome is the one the stalled-saga sweeper gives, whichever of the two reaches the order first.
      if (state.deadline && input.at.getTime() >= state.deadline.getTime()) {
        return apply({ ...state, status: 'CANCELLED', step: 'DONE' }, { event: 'cancelled', reason: 'payment was completed after the reservation expired', refundRequired: true });
      }
      return apply({ ...state, status: 'CONFIRMED', step: 'DONE' }, { event: 'confirmed', paymentId: input.paymentId, amountCents: input.amountCents });
    case 'payment-declined':
      if (!pending || state.step !== 'AWAITING_PAYMENT' || input.attempt !== state.attempt) {
        return ignore(`decline of attempt ${input.attempt} for an order that is ${state.status}/${state.step} at attempt ${state.attempt}`);
      }
      return apply({ ...state, step: 'PAYMENT_DECLINED' }, { event: 'payment-declined', attempt: input.attempt, reason: input.reason });
    case 'deadline-passed':
      if (!pending) return ignore(`deadline of an order that is ${state.status}`);
      return apply(
        { ...state, status: 'CANCELLED', step: 'DONE' },
        {
          event: 'cancelled',
          reason: state.step === 'AWAITING_RESERVATION' ? 'stock was not reserved in time' : 'payment was not completed before the reservation expired',
          refundRequired: state.step === 'AWAITING_PAYMENT',
        },
      );
    case 'payment-retry':
      if (!pending || state.step !== 'PAYMENT_DECLINED') return refuse('payment can be retried only for a PENDING order whose last attempt was declined');
      if (state.attempt >= MAX_PAYMENT_ATTEMPTS) return refuse(`an order takes at most ${MAX_PAYMENT_ATTEMPTS} payment attempts; place a new order`);
      // Past the deadline the sweeper is about to cancel the order: a charge now would only be refunded.
      if (state.deadline && input.at.getTime() >= state.deadline.getTime()) return refuse(`the order's reservation expired at ${state.deadline.toISOString()}; place a new order`);
      return apply({ ...state, step: 'AWAITING_PAYMENT', attempt: state.attempt + 1 }, { event: 'payment-requested', attempt: state.attempt + 1 });
    case 'cancel':
      if (state.status !== 'PENDING' && state.status !== 'CONFIRMED') return refuse(`a ${state.status} order cannot be cancelled`);
      return apply(
        { ...state, status: 'CANCELLED', step: 'DONE' },
        { event: 'cancelled', reason: input.reason, refundRequired: state.status === 'CONFIRMED' || state.step === 'AWAITING_PAYMENT' },
      );
  }
}
