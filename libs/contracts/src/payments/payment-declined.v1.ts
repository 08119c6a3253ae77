import { defineEvent, objectSchema, schemas } from '../contract';

/** The provider declined a payment attempt; no money moved. */
export interface PaymentDeclinedByProviderV1 {
  orderId: string;
  paymentId: string;
  merchantId: string;
  attempt: number;
  reason: string;
}

export const PaymentDeclinedByProviderV1Contract = defineEvent<PaymentDeclinedByProviderV1>({
  type: 'payments.payment-declined',
  version: 1,
  aggregateType: 'payment',
  description: 'The provider declined a payment attempt; no money moved.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    paymentId: schemas.id,
    merchantId: schemas.id,
    attempt: { type: 'integer', minimum: 1 },
    reason: schemas.text,
  }),
});
