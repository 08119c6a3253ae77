import { defineEvent, objectSchema } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** The merchant shipped the order; its reserved stock leaves the building. */
export type OrderShippedV1 = OrderEventBase;

export const OrderShippedV1Contract = defineEvent<OrderShippedV1>({
  type: 'orders.order-shipped',
  version: 1,
  aggregateType: 'order',
  description: 'The merchant shipped the order; its reserved stock leaves the building.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema }),
});
