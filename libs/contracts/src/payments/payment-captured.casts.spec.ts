import fc from 'fast-check';
import { newEvent } from '../envelope';
import { validateEnvelope } from '../validation';
import { downcastPaymentCapturedV2ToV1, upcastPaymentCapturedV1ToV2 } from './payment-captured.casts';
import { PaymentCapturedV1, PaymentCapturedV1Contract } from './payment-captured.v1';
import { PaymentCapturedV2, PaymentCapturedV2Contract } from './payment-captured.v2';

const common = { orderId: '41', paymentId: '7', merchantId: '3', attempt: 2, provider: 'simulated', providerRef: 'sim_ch_1', capturedAt: '2030-01-02T03:04:05.000Z' };
const v1 = (amountCents: number, currency = 'USD'): PaymentCapturedV1 => ({ ...common, amountCents, currency });
const v2 = (minorUnits: string, currency = 'USD', method = 'card'): PaymentCapturedV2 => ({ ...common, amount: { minorUnits, currency }, method });
const context = { correlationId: 'c', causationId: 'c' };
/** A payload is only a correct cast if a real envelope carrying it passes the registry's validation. */
const valid = (contract: typeof PaymentCapturedV1Contract | typeof PaymentCapturedV2Contract, payload: unknown) =>
  validateEnvelope({ ...newEvent(contract as never, '41', payload, context), sequence: 1 });

describe('downcastPaymentCapturedV2ToV1', () => {
  it.each<[string, PaymentCapturedV2, PaymentCapturedV1]>([
    ['one cent', v2('1'), v1(1)],
    ['an ordinary amount in another currency', v2('123456', 'EUR'), v1(123456, 'EUR')],
    ['the largest exact JSON integer', v2('9007199254740991', 'JPY'), v1(Number.MAX_SAFE_INTEGER, 'JPY')],
    ['a non-card method (v1 has no field for it)', v2('500', 'USD', 'wallet'), v1(500)],
  ])('%s', (_name, input, expected) => {
    const result = downcastPaymentCapturedV2ToV1(input);
    expect(result).toEqual({ ok: true, value: expected });
    expect(() => valid(PaymentCapturedV1Contract, expected)).not.toThrow();
  });

  it.each([
    ['2^53', '9007199254740992'],
    ['far above 2^53', '123456789012345678901234567890'],
  ])('refuses %s, which v1 cannot carry exactly', (_name, minorUnits) => {
    const result = downcastPaymentCapturedV2ToV1(v2(minorUnits));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/exceeds v1's amountCents range/);
  });
});

describe('upcastPaymentCapturedV1ToV2', () => {
  it.each<[string, PaymentCapturedV1, PaymentCapturedV2]>([
    ['one cent', v1(1), v2('1')],
    ['an ordinary amount', v1(1999, 'GBP'), v2('1999', 'GBP')],
    ['the largest v1 amount, digit for digit', v1(Number.MAX_SAFE_INTEGER), v2('9007199254740991')],
  ])('%s', (_name, input, expected) => {
    expect(upcastPaymentCapturedV1ToV2(input)).toEqual(expected);
    expect(() => valid(PaymentCapturedV2Contract, expected)).not.toThrow();
  });

  it('refuses an amount that is not an exact integer (the input skipped validation)', () => {
    expect(() => upcastPaymentCapturedV1ToV2(v1(2 ** 53))).toThrow(RangeError);
    expect(() => upcastPaymentCapturedV1ToV2(v1(10.5))).toThrow(RangeError);
  });

  it('round-trips every v1 amount through v2 unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('USD', 'EUR', 'JPY'), (amountCents, currency) => {
        expect(downcastPaymentCapturedV2ToV1(upcastPaymentCapturedV1ToV2(v1(amountCents, currency)))).toEqual({ ok: true, value: v1(amountCents, currency) });
      }),
    );
  });
});

describe('PaymentCapturedV2Contract', () => {
  it.each<[string, unknown, boolean]>([
    ['a capture above 2^53', v2('90071992547409930000'), true],
    ['another method', v2('100', 'USD', 'bank_transfer'), true],
    ['an amount as a JSON number', { ...v2('1'), amount: { minorUnits: 100, currency: 'USD' } }, false],
    ['a zero amount', v2('0'), false],
    ['a leading zero', v2('0100'), false],
    ['a sign', v2('-100'), false],
    ['a decimal point', v2('10.50'), false],
    ['a lower-case currency', v2('100', 'usd'), false],
    ['the v1 fields', { ...v1(100) }, false],
    ['an upper-case method', v2('100', 'USD', 'Card'), false],
  ])('%s: valid = %s', (_name, payload, ok) => {
    const attempt = () => valid(PaymentCapturedV2Contract, payload);
    if (ok) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(/payments.payment-captured v2 payload/);
  });
});
