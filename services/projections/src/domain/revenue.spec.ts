import type { EventEnvelope } from '@shop/contracts';
import { DailyRevenue, RevenueMovement, addMovement, dailyKey, movementOf, utcDay } from './revenue';

function event(type: string, version: number, payload: Record<string, unknown>): EventEnvelope {
  return {
    eventId: '00000000-0000-4000-8000-000000000002', type, version, aggregateType: 'payment', aggregateId: '7', sequence: 1,
    occurredAt: '2030-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', payload,
  };
}
const common = { orderId: '7', paymentId: '70', merchantId: '3', attempt: 1, provider: 'simulated', providerRef: 'ch_1' };

describe('utcDay', () => {
  it.each([
    ['2030-03-01T23:59:59.999Z', '2030-03-01'],
    ['2030-03-01T23:30:00-02:00', '2030-03-02'],
    ['2030-03-02T00:30:00+02:00', '2030-03-01'],
    ['2028-02-29T12:00:00Z', '2028-02-29'],
  ])('%s -> %s', (timestamp, day) => expect(utcDay(timestamp)).toBe(day));

  it('refuses garbage', () => expect(() => utcDay('yesterday')).toThrow(RangeError));
});

describe('movementOf', () => {
  it.each<[string, EventEnvelope, RevenueMovement | undefined]>([
    ['capture v1', event('payments.payment-captured', 1, { ...common, amountCents: 2599, currency: 'USD', capturedAt: '2030-01-01T23:00:00-03:00' }),
      { kind: 'capture', movementId: '70', paymentId: '70', merchantId: '3', day: '2030-01-02', currency: 'USD', orderDelta: 1, revenueCents: 2599n }],
    ['capture v2 above 2^53, exact', event('payments.payment-captured', 2, { ...common, amount: { minorUnits: '90071992547409931', currency: 'JPY' }, method: 'card', capturedAt: '2030-01-01T10:00:00Z' }),
      { kind: 'capture', movementId: '70', paymentId: '70', merchantId: '3', day: '2030-01-01', currency: 'JPY', orderDelta: 1, revenueCents: 90071992547409931n }],
    ['refund counts against the capture day, not the refund day', event('payments.payment-refunded', 1, {
      orderId: '7', paymentId: '70', refundId: '5', merchantId: '3', amountCents: 2599, currency: 'USD', capturedAt: '2030-01-01T10:00:00Z', refundedAt: '2030-02-01T10:00:00Z',
    }), { kind: 'refund', movementId: '5', paymentId: '70', merchantId: '3', day: '2030-01-01', currency: 'USD', orderDelta: -1, revenueCents: -2599n }],
    ['a decline moves no money', event('payments.payment-declined', 1, { ...common, reason: 'card declined' }), undefined],
  ])('%s', (_name, input, expected) => {
    expect(movementOf(input)).toEqual(expected);
  });
});

describe('addMovement', () => {
  const movement = (kind: 'capture' | 'refund', cents: bigint, day = '2030-01-01'): RevenueMovement => ({
    kind, movementId: String(cents), paymentId: '1', merchantId: '3', day, currency: 'USD', orderDelta: kind === 'capture' ? 1 : -1, revenueCents: kind === 'capture' ? cents : -cents,
  });
  const total = (movements: RevenueMovement[]) => {
    const days = new Map<string, DailyRevenue>();
    for (const item of movements) days.set(dailyKey(item), addMovement(days.get(dailyKey(item)), item));
    return [...days.values()];
  };

  it.each<[string, RevenueMovement[], Pick<DailyRevenue, 'day' | 'orderCount' | 'revenueCents'>[]]>([
    ['two captures', [movement('capture', 1000n), movement('capture', 250n)], [{ day: '2030-01-01', orderCount: 2, revenueCents: 1250n }]],
    ['capture then its refund nets to zero', [movement('capture', 1000n), movement('refund', 1000n)], [{ day: '2030-01-01', orderCount: 0, revenueCents: 0n }]],
    ['refund seen before its capture: same result', [movement('refund', 1000n), movement('capture', 1000n)], [{ day: '2030-01-01', orderCount: 0, revenueCents: 0n }]],
    ['captured minus refunded', [movement('capture', 1000n), movement('capture', 700n), movement('refund', 700n)], [{ day: '2030-01-01', orderCount: 1, revenueCents: 1000n }]],
    ['days are kept apart', [movement('capture', 5n, '2030-01-01'), movement('capture', 7n, '2030-01-02')],
      [{ day: '2030-01-01', orderCount: 1, revenueCents: 5n }, { day: '2030-01-02', orderCount: 1, revenueCents: 7n }]],
    ['sums beyond 2^53 stay exact', [movement('capture', 9007199254740993n), movement('capture', 2n)], [{ day: '2030-01-01', orderCount: 2, revenueCents: 9007199254740995n }]],
  ])('%s', (_name, movements, expected) => {
    expect(total(movements).map(({ day, orderCount, revenueCents }) => ({ day, orderCount, revenueCents }))).toEqual(expected);
  });

  it('keeps currencies and merchants apart on one day (money of two currencies never adds up)', () => {
    const days = total([
      movement('capture', 1000n), { ...movement('capture', 500n), currency: 'EUR' }, { ...movement('capture', 70n), merchantId: '4' },
    ]);
    expect(days.map(({ merchantId, currency, orderCount, revenueCents }) => ({ merchantId, currency, orderCount, revenueCents }))).toEqual([
      { merchantId: '3', currency: 'USD', orderCount: 1, revenueCents: 1000n },
      { merchantId: '3', currency: 'EUR', orderCount: 1, revenueCents: 500n },
      { merchantId: '4', currency: 'USD', orderCount: 1, revenueCents: 70n },
    ]);
  });
});
