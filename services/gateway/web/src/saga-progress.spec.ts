import { SagaOrder, StepState, sagaProgress } from './saga-progress';

const order = (status: string, sagaStep: string, paymentAttempt: number): SagaOrder => ({ status, sagaStep, paymentAttempt });

describe('sagaProgress', () => {
  // placed, stock reserved, payment requested, captured/declined, confirmed/cancelled
  it.each<[string, SagaOrder, StepState[], string, string, string]>([
    ['just placed', order('PENDING', 'AWAITING_RESERVATION', 0), ['done', 'current', 'todo', 'todo', 'todo'], 'payment', 'outcome', 'reserving stock'],
    [
      'stock reserved, payment requested',
      order('PENDING', 'AWAITING_PAYMENT', 1),
      ['done', 'done', 'done', 'current', 'todo'],
      'payment',
      'outcome',
      'awaiting capture',
    ],
    [
      'second attempt after a decline',
      order('PENDING', 'AWAITING_PAYMENT', 2),
      ['done', 'done', 'done', 'current', 'todo'],
      'payment',
      'outcome',
      'awaiting capture (attempt 2)',
    ],
    ['declined', order('PENDING', 'PAYMENT_DECLINED', 1), ['done', 'done', 'done', 'failed', 'todo'], 'declined', 'outcome', 'declined, awaiting retry'],
    ['confirmed', order('CONFIRMED', 'DONE', 1), ['done', 'done', 'done', 'done', 'done'], 'captured', 'confirmed', 'confirmed'],
    ['shipped keeps every step done', order('SHIPPED', 'DONE', 1), ['done', 'done', 'done', 'done', 'done'], 'captured', 'confirmed', 'shipped'],
    ['delivered', order('DELIVERED', 'DONE', 2), ['done', 'done', 'done', 'done', 'done'], 'captured', 'confirmed', 'delivered'],
    [
      'cancelled out of stock',
      order('CANCELLED', 'DONE', 0),
      ['done', 'skipped', 'skipped', 'skipped', 'failed'],
      'payment',
      'cancelled',
      'cancelled before stock was reserved',
    ],
    [
      'cancelled after payment was requested',
      order('CANCELLED', 'DONE', 1),
      ['done', 'done', 'done', 'skipped', 'failed'],
      'payment',
      'cancelled',
      'cancelled',
    ],
    [
      'a step this page does not know',
      order('PENDING', 'SOMETHING_NEW', 0),
      ['done', 'todo', 'todo', 'todo', 'todo'],
      'payment',
      'outcome',
      'pending / SOMETHING_NEW',
    ],
  ])('%s', (_name, input, states, paymentLabel, outcomeLabel, summary) => {
    const progress = sagaProgress(input);
    expect(progress.steps.map((step) => step.state)).toEqual(states);
    expect(progress.steps.map((step) => step.key)).toEqual(['placed', 'reserved', 'requested', 'payment', 'outcome']);
    expect([progress.steps[3].label, progress.steps[4].label]).toEqual([paymentLabel, outcomeLabel]);
    expect(progress.summary).toBe(summary);
  });
});
