import { defineEvent, objectSchema } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** The order was delivered (terminal). */
export type OrderDeliveredV1 = OrderEventBase;

export const OrderDeliveredV1Contract = defineEvent<OrderDeliveredV1>({
  type: 'orders.order-delivered',
  version: 1,
  aggregateType: 'order',
  description: 'The order was delivered (terminal).',
  payloadSchema: objectSchema({ ...orderEventBaseSchema }),
});
