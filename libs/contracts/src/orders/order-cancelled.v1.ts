import { defineEvent, objectSchema } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** The order was cancelled (soft delete): stock is released and a captured payment refunded. */
export interface OrderCancelledV1 extends OrderEventBase {
  /** True when a payment was captured and must be refunded. */
  refundRequired: boolean;
}

export const OrderCancelledV1Contract = defineEvent<OrderCancelledV1>({
  type: 'orders.order-cancelled',
  version: 1,
  aggregateType: 'order',
  description: 'The order was cancelled (soft delete): stock is released and a captured payment refunded.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema, refundRequired: { type: 'boolean' }  }),
});
