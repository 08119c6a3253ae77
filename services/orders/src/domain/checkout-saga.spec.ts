import { SagaInput, SagaState, decide } from './checkout-saga';

const state = (status: SagaState['status'], step: SagaState['step'], attempt = 0): SagaState => ({ status, step, attempt });
const reserved: SagaInput = { kind: 'stock-reserved', expiresAt: '2030-01-01T00:00:00.000Z', at: new Date('2029-12-31T23:45:00.000Z') };
const reservedAt = (at: string): SagaInput => ({ kind: 'stock-reserved', expiresAt: '2030-01-01T00:00:00.000Z', at: new Date(at) });
const captured = (attempt: number, at = '2029-12-31T23:00:00.000Z'): SagaInput => ({ kind: 'payment-captured', attempt, paymentId: '7', amountCents: 1000, at: new Date(at) });
const deadline = new Date('2030-01-01T00:00:00.000Z');
const awaitingPayment = (): SagaState => ({ status: 'PENDING', step: 'AWAITING_PAYMENT', attempt: 1, deadline });
const retry = (at = '2029-12-31T23:00:00.000Z'): SagaInput => ({ kind: 'payment-retry', at: new Date(at) });
const declined = (attempt: number): SagaInput => ({ kind: 'payment-declined', attempt, reason: 'card declined' });

describe('checkout saga', () => {
  it.each<[string, SagaState, SagaInput, string, Partial<SagaState> | null, string[]]>([
    ['reservation requests the first payment', state('PENDING', 'AWAITING_RESERVATION'), reserved, 'apply', { step: 'AWAITING_PAYMENT', attempt: 1 }, ['inventory-reserved', 'payment-requested']],
    ['a second reservation event is ignored', state('PENDING', 'AWAITING_PAYMENT', 1), reserved, 'ignore', null, []],
    ['reservation after a timeout cancel is ignored', state('CANCELLED', 'DONE'), reserved, 'ignore', null, []],
    ['rejected stock cancels without refund', state('PENDING', 'AWAITING_RESERVATION'), { kind: 'stock-rejected', reason: 'OUT_OF_STOCK' }, 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['capture confirms', state('PENDING', 'AWAITING_PAYMENT', 1), captured(1), 'apply', { status: 'CONFIRMED', step: 'DONE' }, ['confirmed']],
    ['capture before the deadline confirms', awaitingPayment(), captured(1, '2029-12-31T23:59:59.999Z'), 'apply', { status: 'CONFIRMED', step: 'DONE' }, ['confirmed']],
    ['capture at the deadline cancels (the stock may be back on sale)', awaitingPayment(), captured(1, '2030-01-01T00:00:00.000Z'), 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['capture after the deadline cancels', awaitingPayment(), captured(1, '2030-01-01T00:05:00.000Z'), 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['reservation keeps the deadline', { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0, deadline }, reserved, 'apply', { step: 'AWAITING_PAYMENT', attempt: 1 }, ['inventory-reserved', 'payment-requested']],
    ['reservation just before the deadline requests the payment', { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0, deadline }, reservedAt('2029-12-31T23:59:59.999Z'), 'apply', { step: 'AWAITING_PAYMENT', attempt: 1 }, ['inventory-reserved', 'payment-requested']],
    ['reservation at the deadline cancels without a charge', { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0, deadline }, reservedAt('2030-01-01T00:00:00.000Z'), 'apply', { status: 'CANCELLED', step: 'DONE' }, ['inventory-reserved', 'cancelled']],
    ['reservation after the deadline cancels without a charge', { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0, deadline }, reservedAt('2030-01-01T00:00:20.000Z'), 'apply', { status: 'CANCELLED', step: 'DONE' }, ['inventory-reserved', 'cancelled']],
    ['capture of an older attempt is ignored', state('PENDING', 'AWAITING_PAYMENT', 2), captured(1), 'ignore', null, []],
    ['capture after cancel is ignored (payments refunds it)', state('CANCELLED', 'DONE', 1), captured(1), 'ignore', null, []],
    ['a duplicate capture is ignored', state('CONFIRMED', 'DONE', 1), captured(1), 'ignore', null, []],
    ['decline keeps the order pending', state('PENDING', 'AWAITING_PAYMENT', 1), declined(1), 'apply', { status: 'PENDING', step: 'PAYMENT_DECLINED' }, ['payment-declined']],
    ['retry after decline requests attempt 2', state('PENDING', 'PAYMENT_DECLINED', 1), retry(), 'apply', { step: 'AWAITING_PAYMENT', attempt: 2 }, ['payment-requested']],
    ['retry after the 999th declined attempt requests the last one', state('PENDING', 'PAYMENT_DECLINED', 999), retry(), 'apply', { step: 'AWAITING_PAYMENT', attempt: 1000 }, ['payment-requested']],
    ['retry after the 1000th declined attempt is refused', state('PENDING', 'PAYMENT_DECLINED', 1000), retry(), 'refuse', null, []],
    ['retry before the deadline requests the next attempt', { status: 'PENDING', step: 'PAYMENT_DECLINED', attempt: 1, deadline }, retry('2029-12-31T23:59:59.999Z'), 'apply', { step: 'AWAITING_PAYMENT', attempt: 2 }, ['payment-requested']],
    ['retry at the deadline is refused (the sweeper cancels the order)', { status: 'PENDING', step: 'PAYMENT_DECLINED', attempt: 1, deadline }, retry('2030-01-01T00:00:00.000Z'), 'refuse', null, []],
    ['retry while a payment is in flight is refused', state('PENDING', 'AWAITING_PAYMENT', 1), retry(), 'refuse', null, []],
    ['retry of a confirmed order is refused', state('CONFIRMED', 'DONE', 1), retry(), 'refuse', null, []],
    ['deadline while awaiting stock cancels', state('PENDING', 'AWAITING_RESERVATION'), { kind: 'deadline-passed' }, 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['deadline after a decline cancels', state('PENDING', 'PAYMENT_DECLINED', 1), { kind: 'deadline-passed' }, 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['deadline of a confirmed order is ignored', state('CONFIRMED', 'DONE', 1), { kind: 'deadline-passed' }, 'ignore', null, []],
    ['cancel of a confirmed order', state('CONFIRMED', 'DONE', 1), { kind: 'cancel', reason: 'changed mind' }, 'apply', { status: 'CANCELLED', step: 'DONE' }, ['cancelled']],
    ['cancel of a shipped order is refused', state('SHIPPED', 'DONE', 1), { kind: 'cancel', reason: 'x' }, 'refuse', null, []],
    ['cancel of a delivered order is refused', state('DELIVERED', 'DONE', 1), { kind: 'cancel', reason: 'x' }, 'refuse', null, []],
  ])('%s', (_name, before, input, kind, expectedState, events) => {
    const decision = decide(before, input);
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'apply') {
      expect(decision.state).toEqual({ ...before, ...expectedState });
      expect(decision.records.map((record) => record.event)).toEqual(events);
    }
  });

  it.each<[string, SagaState, SagaInput, boolean]>([
    ['cancel while awaiting payment may have captured', state('PENDING', 'AWAITING_PAYMENT', 1), { kind: 'cancel', reason: 'x' }, true],
    ['cancel after a decline has nothing to refund', state('PENDING', 'PAYMENT_DECLINED', 1), { kind: 'cancel', reason: 'x' }, false],
    ['cancel of a confirmed order refunds', state('CONFIRMED', 'DONE', 1), { kind: 'cancel', reason: 'x' }, true],
    ['a capture past the deadline is refunded', awaitingPayment(), captured(1, '2030-01-01T00:00:01.000Z'), true],
    ['timeout while awaiting payment may have captured', state('PENDING', 'AWAITING_PAYMENT', 1), { kind: 'deadline-passed' }, true],
    ['timeout while awaiting stock has nothing to refund', state('PENDING', 'AWAITING_RESERVATION'), { kind: 'deadline-passed' }, false],
    ['stock reserved after the deadline has nothing to refund', { status: 'PENDING', step: 'AWAITING_RESERVATION', attempt: 0, deadline }, reservedAt('2030-01-01T00:00:01.000Z'), false],
  ])('%s: refundRequired=%s', (_name, before, input, refundRequired) => {
    const decision = decide(before, input);
    const cancelled = decision.kind === 'apply' && decision.records.find((record) => record.event === 'cancelled');
    expect(cancelled).toEqual(expect.objectContaining({ event: 'cancelled', refundRequired }));
  });
});
