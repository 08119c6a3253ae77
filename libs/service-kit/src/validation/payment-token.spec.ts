import { PaymentRequestedV1Contract } from '@shop/contracts';
import { PAYMENT_TOKEN_PATTERN, retryPaymentBody } from './request-bodies';
import { validate } from './schema';

describe('payment tokens', () => {
  it('accepts exactly what the payment-requested contract carries', () => {
    const schema = PaymentRequestedV1Contract.payloadSchema as { properties: { paymentToken: { pattern: string } } };
    expect(PAYMENT_TOKEN_PATTERN.source).toBe(schema.properties.paymentToken.pattern);
  });

  it.each([
    ['tok_visa', true],
    ['tok_chargeDeclined', true],
    [`tok_${'a'.repeat(100)}`, true],
    [`tok_${'a'.repeat(101)}`, false],
    ['tok_', false],
    ['pm_visa', false],
    ['Tok_visa', false],
    ['tok-visa', false],
  ])('%s -> %s', (token, accepted) => {
    expect(validate(retryPaymentBody, { token }).ok).toBe(accepted);
  });
});
