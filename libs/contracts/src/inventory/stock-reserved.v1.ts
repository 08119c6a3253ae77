import { defineEvent, objectSchema, schemas } from '../contract';

/** Stock was reserved for every line of an order, all or nothing, until `expiresAt`. */
export interface StockReservedV1 {
  orderId: string;
  lines: { skuId: string; quantity: number }[];
  expiresAt: string;
}

export const StockReservedV1Contract = defineEvent<StockReservedV1>({
  type: 'inventory.stock-reserved',
  version: 1,
  aggregateType: 'reservation',
  description: 'Stock was reserved for every line of an order, all or nothing, until expiresAt.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    lines: { type: 'array', minItems: 1, items: objectSchema({ skuId: schemas.id, quantity: { type: 'integer', minimum: 1 } }) },
    expiresAt: schemas.timestamp,
  }),
});
