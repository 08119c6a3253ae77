import { defineEvent, objectSchema } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/**
 * v2 of OrderShipped: the same fields, and the carrier's tracking number when the shipper gave one. A new version
 * because v1 is a closed object: a v1 consumer validating strictly would dead-letter a v1 message carrying a field
 * it does not know (docs/contracts/VERSIONING.md). During v1's deprecation window the orders service appends both.
 */
export interface OrderShippedV2 extends OrderEventBase {
  /** Left out when the order was shipped without one; unique among orders when present. */
  trackingNumber?: string;
}

export const OrderShippedV2Contract = defineEvent<OrderShippedV2>({
  type: 'orders.order-shipped',
  version: 2,
  aggregateType: 'order',
  description: 'The merchant shipped the order; its reserved stock leaves the building. v2: the tracking number, when given.',
  // trackingNumber is optional: every base field is required, as in v1.
  payloadSchema: objectSchema({ ...orderEventBaseSchema, trackingNumber: { type: 'string', minLength: 1, maxLength: 100 } }, Object.keys(orderEventBaseSchema)),
});
