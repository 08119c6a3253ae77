import { defineEvent, objectSchema, schemas } from '../contract';
import { Money, positiveMoneySchema } from '../money';

/**
 * How the customer paid. An open set: a new method is a new value, not a new contract version, so consumers
 * must treat a value they do not know as "other" rather than reject the event.
 */
export type PaymentMethod = 'card' | (string & {});

/**
 * v2 of PaymentCaptured: the amount is exact Money (digits, so amounts above 2^53 survive JSON) and the event
 * says how the customer paid. During the deprecation window of v1 the payments service publishes both versions
 * of every capture (see docs/contracts/VERSIONING.md).
 */
export interface PaymentCapturedV2 {
  orderId: string;
  paymentId: string;
  merchantId: string;
  attempt: number;
  amount: Money;
  method: PaymentMethod;
  provider: string;
  providerRef: string;
  capturedAt: string;
}

export const PaymentCapturedV2Contract = defineEvent<PaymentCapturedV2>({
  type: 'payments.payment-captured',
  version: 2,
  aggregateType: 'payment',
  description:
    'The provider captured a payment attempt: money moved exactly once for this idempotency key. ' +
    'v2: exact amount as { minorUnits (digits), currency } and the payment method.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    paymentId: schemas.id,
    merchantId: schemas.id,
    attempt: { type: 'integer', minimum: 1 },
    amount: positiveMoneySchema,
    method: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,29}$' },
    provider: { type: 'string', minLength: 1, maxLength: 50 },
    providerRef: { type: 'string', minLength: 1, maxLength: 255 },
    capturedAt: schemas.timestamp,
  }),
});
