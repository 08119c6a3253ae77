import { defineEvent, objectSchema, schemas } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** The saga saw stock reserved for every line of the order. */
export interface InventoryReservedV1 extends OrderEventBase {
  expiresAt: string;
}

export const InventoryReservedV1Contract = defineEvent<InventoryReservedV1>({
  type: 'orders.inventory-reserved',
  version: 1,
  aggregateType: 'order',
  description: 'The saga saw stock reserved for every line of the order.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema, expiresAt: schemas.timestamp  }),
});
