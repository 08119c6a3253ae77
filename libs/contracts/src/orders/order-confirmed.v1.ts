import { defineEvent, objectSchema, schemas } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** Payment was captured: the order is CONFIRMED and ready for fulfillment. */
export interface OrderConfirmedV1 extends OrderEventBase {
  paymentId: string;
  amountCents: number;
  currency: string;
}

export const OrderConfirmedV1Contract = defineEvent<OrderConfirmedV1>({
  type: 'orders.order-confirmed',
  version: 1,
  aggregateType: 'order',
  description: 'Payment was captured: the order is CONFIRMED and ready for fulfillment.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema, paymentId: schemas.id, amountCents: schemas.cents, currency: schemas.currency  }),
});
