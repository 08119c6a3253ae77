import { defineEvent, objectSchema } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** A payment attempt was declined; the order stays PENDING and may be retried until it expires. */
export interface PaymentDeclinedV1 extends OrderEventBase {
  attempt: number;
}

export const PaymentDeclinedV1Contract = defineEvent<PaymentDeclinedV1>({
  type: 'orders.payment-declined',
  version: 1,
  aggregateType: 'order',
  description: 'A payment attempt was declined; the order stays PENDING and may be retried until it expires.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema, attempt: { type: 'integer', minimum: 1 }  }),
});
