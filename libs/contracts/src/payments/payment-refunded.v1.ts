import { defineEvent, objectSchema, schemas } from '../contract';

/** A captured payment was refunded in full; finance subtracts it from the capture day. */
export interface PaymentRefundedV1 {
  orderId: string;
  paymentId: string;
  refundId: string;
  merchantId: string;
  amountCents: number;
  currency: string;
  capturedAt: string;
  refundedAt: string;
}

export const PaymentRefundedV1Contract = defineEvent<PaymentRefundedV1>({
  type: 'payments.payment-refunded',
  version: 1,
  aggregateType: 'payment',
  description: 'A captured payment was refunded in full; finance subtracts it from the capture day.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    paymentId: schemas.id,
    refundId: schemas.id,
    merchantId: schemas.id,
    amountCents: schemas.positiveCents,
    currency: schemas.currency,
    capturedAt: schemas.timestamp,
    refundedAt: schemas.timestamp,
  }),
});
