import { EventEnvelope, PaymentCapturedV1Contract, PaymentCapturedV2Contract, PaymentDeclinedByProviderV1Contract, PaymentRefundedV1Contract, newEvent } from '@shop/contracts';
import { Movement, movementOf } from './movements';

const context = { correlationId: 'c', causationId: 'c' };
const ids = { orderId: '41', paymentId: '7', merchantId: '3' };
const capturedV1 = newEvent(PaymentCapturedV1Contract, '41', { ...ids, attempt: 1, amountCents: 1999, currency: 'EUR', provider: 'sim', providerRef: 'r', capturedAt: '2030-01-01T00:00:00.000Z' }, context);
const capturedV2 = newEvent(PaymentCapturedV2Contract, '41', { ...ids, attempt: 1, amount: { minorUnits: '90071992547409930001', currency: 'EUR' }, method: 'card', provider: 'sim', providerRef: 'r', capturedAt: '2030-01-01T00:00:00.000Z' }, context);
const refunded = newEvent(PaymentRefundedV1Contract, '41', { ...ids, refundId: '9', amountCents: 500, currency: 'EUR', capturedAt: '2030-01-01T00:00:00.000Z', refundedAt: '2030-01-02T00:00:00.000Z' }, context);
const declined = newEvent(PaymentDeclinedByProviderV1Contract, '41', { ...ids, attempt: 1, reason: 'card declined' }, context);

describe('movementOf', () => {
  it.each<[string, EventEnvelope, Partial<Movement> | undefined]>([
    ['a v1 capture, through the upcast', capturedV1, { key: 'capture:7', kind: 'capture', amountMinor: 1999n, currency: 'EUR', merchantId: '3', at: '2030-01-01T00:00:00.000Z' }],
    ['a v2 capture, exact above 2^53', capturedV2, { key: 'capture:7', kind: 'capture', amountMinor: 90071992547409930001n, currency: 'EUR' }],
    ['a refund', refunded, { key: 'refund:9', kind: 'refund', amountMinor: 500n, refundId: '9', at: '2030-01-02T00:00:00.000Z' }],
    ['a decline moves no money', declined, undefined],
    ['an unknown version moves nothing it does not understand', { ...capturedV2, version: 3 }, undefined],
  ])('%s', (_name, envelope, expected) => {
    const movement = movementOf(envelope);
    if (expected === undefined) expect(movement).toBeUndefined();
    else expect(movement).toMatchObject({ ...expected, eventId: envelope.eventId });
  });

  it('gives both versions of one capture the same key', () => {
    expect(movementOf(capturedV1)!.key).toBe(movementOf(capturedV2)!.key);
    expect(movementOf(capturedV1)!.eventId).not.toBe(movementOf(capturedV2)!.eventId);
  });
});
