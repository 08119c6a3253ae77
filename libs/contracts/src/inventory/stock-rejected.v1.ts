import { defineEvent, objectSchema, schemas } from '../contract';

/** Stock could not be reserved for an order; nothing was held. */
export interface StockRejectedV1 {
  orderId: string;
  reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU';
  shortages: { skuId: string; requested: number; available: number }[];
}

export const StockRejectedV1Contract = defineEvent<StockRejectedV1>({
  type: 'inventory.stock-rejected',
  version: 1,
  aggregateType: 'reservation',
  description: 'Stock could not be reserved for an order; nothing was held.',
  payloadSchema: objectSchema({
    orderId: schemas.id,
    reason: { type: 'string', enum: ['OUT_OF_STOCK', 'UNKNOWN_SKU'] },
    shortages: {
      type: 'array',
      items: objectSchema({ skuId: schemas.id, requested: { type: 'integer', minimum: 1 }, available: { type: 'integer', minimum: 0 } }),
    },
  }),
});
