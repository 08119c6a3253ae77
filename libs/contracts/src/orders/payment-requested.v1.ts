import { defineEvent, objectSchema, schemas } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** The saga asks payments to capture the order total (one attempt; a retry is a new attempt). */
export interface PaymentRequestedV1 extends OrderEventBase {
  attempt: number;
  amountCents: number;
  currency: string;
  /** The provider's payment token (tok_...); never a card number. */
  paymentToken: string;
  idempotencyKey: string;
}

export const PaymentRequestedV1Contract = defineEvent<PaymentRequestedV1>({
  type: 'orders.payment-requested',
  version: 1,
  aggregateType: 'order',
  description: 'The saga asks payments to capture the order total (one attempt; a retry is a new attempt).',
  payloadSchema: objectSchema({ ...orderEventBaseSchema,
    attempt: { type: 'integer', minimum: 1, maximum: 1000 },
    amountCents: schemas.positiveCents,
    currency: schemas.currency,
    paymentToken: { type: 'string', pattern: '^tok_[A-Za-z0-9_]{1,100}$' },
    idempotencyKey: { type: 'string', minLength: 1, maxLength: 255 }
  }),
});
