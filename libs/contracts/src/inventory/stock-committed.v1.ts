import { defineEvent, objectSchema, schemas } from '../contract';

/** An order shipped: its reserved units left stock for good (inventory_count and reserved_count both drop). */
export interface StockCommittedV1 {
  orderId: string;
}

export const StockCommittedV1Contract = defineEvent<StockCommittedV1>({
  type: 'inventory.stock-committed',
  version: 1,
  aggregateType: 'reservation',
  description: 'An order shipped: its reserved units left stock for good.',
  payloadSchema: objectSchema({ orderId: schemas.id }),
});
