import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { newEvent } from './envelope';
import { PaymentCapturedV1Contract } from './payments/payment-captured.v1';
import { PaymentCapturedV2Contract } from './payments/payment-captured.v2';
import { publishedSchema, publishedSchemaFileName } from './published-schema';
import { ALL_CONTRACTS } from './registry';
import { validateEnvelope } from './validation';

/** What an integrator does with a published file: plain draft-07 Ajv, strict, with the standard formats. */
function integratorValidator(contract: (typeof ALL_CONTRACTS)[number]) {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(JSON.stringify(publishedSchema(contract))));
}

const capture = newEvent(PaymentCapturedV1Contract, '41', {
  orderId: '41', paymentId: '7', merchantId: '3', attempt: 1, amountCents: 1500, currency: 'USD', provider: 'simulated', providerRef: 'ch_1', capturedAt: '2030-01-01T00:00:00.000Z',
}, { correlationId: 'c', causationId: 'c' });
const message = { ...capture, sequence: 1 };

describe('publishedSchema', () => {
  it('names every file after its type and version, uniquely', () => {
    const files = ALL_CONTRACTS.map(publishedSchemaFileName);
    expect(new Set(files).size).toBe(ALL_CONTRACTS.length);
    expect(publishedSchemaFileName(PaymentCapturedV2Contract)).toBe('payments.payment-captured.v2.json');
  });

  it.each(ALL_CONTRACTS.map((contract) => [`${contract.type} v${contract.version}`, contract]))('%s compiles under strict draft-07 Ajv', (_name, contract) => {
    expect(() => integratorValidator(contract)).not.toThrow();
  });

  it.each<[string, unknown, boolean]>([
    ['the message the registry accepts', message, true],
    ['another version of the same type', { ...message, version: 2 }, false],
    ['another event type', { ...message, type: 'payments.payment-refunded' }, false],
    ['another aggregate type', { ...message, aggregateType: 'order' }, false],
    ['a payload field too many', { ...message, payload: { ...message.payload, note: 'x' } }, false],
    ['an envelope field too many', { ...message, partition: 1 }, false],
    ['a sequence of 0', { ...message, sequence: 0 }, false],
  ])('agrees with validateEnvelope on %s', (_name, value, ok) => {
    expect(integratorValidator(PaymentCapturedV1Contract)(value)).toBe(ok);
    const registry = () => validateEnvelope(value);
    if (ok) expect(registry).not.toThrow();
    else expect(registry).toThrow();
  });
});
