import { defineEvent, objectSchema, schemas } from '../contract';

/** The provider captured a payment attempt: money moved exactly once for this idempotency key. */
export interface PaymentCapturedV1 {
  orderId: string;
  paymentId: string;
  merchantId: string;
  attempt: number;
  amountCents: number;
  currency: string;
  provider: string;
  providerRef: string;
  capturedAt: string;
}

export const PaymentCapturedV1Contract = defineEvent<PaymentCapturedV1>({
  type: 'payments.payment-captured',
  version: 1,
  aggregateType: 'payment',
  description: 'The provider captured a payment attempt: money moved exactly once for this idempotency key.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    paymentId: schemas.id,
    merchantId: schemas.id,
    attempt: { type: 'integer', minimum: 1 },
    amountCents: schemas.positiveCents,
    currency: schemas.currency,
    provider: { type: 'string', minLength: 1, maxLength: 50 },
    providerRef: { type: 'string', minLength: 1, maxLength: 255 },
    capturedAt: schemas.timestamp,
  }),
});
