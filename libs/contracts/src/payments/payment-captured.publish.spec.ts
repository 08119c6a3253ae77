import { validateEnvelope } from '../validation';
import { paymentCapturedEvents } from './payment-captured.publish';
import type { PaymentCapturedV2 } from './payment-captured.v2';

const capture = (minorUnits: string): PaymentCapturedV2 => ({
  orderId: '41', paymentId: '7', merchantId: '3', attempt: 1, amount: { minorUnits, currency: 'USD' }, method: 'card', provider: 'simulated', providerRef: 'ch_1', capturedAt: '2030-01-01T00:00:00.000Z',
});
const context = { correlationId: 'payment:41', causationId: 'payment:41', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

describe('paymentCapturedEvents', () => {
  const events = paymentCapturedEvents('41', capture('1500'), context, new Date('2030-01-01T00:00:01.000Z'));

  it('publishes the v1 twin, then v2, both valid', () => {
    expect(events.map((event) => `${event.type} v${event.version}`)).toEqual(['payments.payment-captured v1', 'payments.payment-captured v2']);
    for (const event of events) expect(() => validateEnvelope({ ...event, sequence: 1 })).not.toThrow();
  });

  it('keeps aggregate, time and context, with distinct event ids', () => {
    const [v1, v2] = events;
    expect(v1.eventId).not.toBe(v2.eventId);
    for (const field of ['aggregateType', 'aggregateId', 'occurredAt', 'correlationId', 'causationId', 'traceparent'] as const) expect(v1[field]).toEqual(v2[field]);
    expect(v1.aggregateId).toBe('41');
  });

  it('says the same thing in both versions', () => {
    const v1 = events[0].payload as { amountCents: number; currency: string; paymentId: string };
    const v2 = events[1].payload as PaymentCapturedV2;
    expect(BigInt(v1.amountCents)).toBe(BigInt(v2.amount.minorUnits));
    expect(v1.currency).toBe(v2.amount.currency);
    expect(v1.paymentId).toBe(v2.paymentId);
  });

  it('refuses a capture v1 consumers could not be told about', () => {
    expect(() => paymentCapturedEvents('41', capture('9007199254740992'), context)).toThrow(RangeError);
  });
});
