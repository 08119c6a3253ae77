import { defineEvent, objectSchema, schemas } from '../contract';

/** A SKU was created or its catalog data (price, name) changed; `version` orders the changes of one SKU. */
export interface SkuChangedV1 {
  skuId: string;
  productId: string;
  merchantId: string;
  skuCode: string;
  name: string;
  priceCents: number;
  currency: string;
  version: number;
}

export const SkuChangedV1Contract = defineEvent<SkuChangedV1>({
  type: 'inventory.sku-changed',
  version: 1,
  aggregateType: 'sku',
  description: 'A SKU was created or its catalog data (price, name) changed.',
  payloadSchema: objectSchema({
    skuId: schemas.id,
    productId: schemas.id,
    merchantId: schemas.id,
    skuCode: { type: 'string', minLength: 1, maxLength: 100 },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    priceCents: schemas.cents,
    currency: schemas.currency,
    version: { type: 'integer', minimum: 1 },
  }),
});
