import { defineEvent, objectSchema, schemas } from '../contract';
import { OrderEventBase, orderEventBaseSchema } from './order-event-base';

/** A customer placed an order (PENDING); stock is to be reserved for its lines. */
export interface OrderPlacedV1 extends OrderEventBase {
  customerId: string;
  currency: string;
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
  lines: { skuId: string; quantity: number; unitPriceCents: number }[];
  placedAt: string;
  /** Until when stock may be held for this order. */
  reserveUntil: string;
}

export const OrderPlacedV1Contract = defineEvent<OrderPlacedV1>({
  type: 'orders.order-placed',
  version: 1,
  aggregateType: 'order',
  description: 'A customer placed an order (PENDING); stock is to be reserved for its lines.',
  payloadSchema: objectSchema({ ...orderEventBaseSchema,
    customerId: schemas.id,
    currency: schemas.currency,
    subtotalCents: schemas.cents,
    taxCents: schemas.cents,
    shippingCents: schemas.cents,
    totalCents: schemas.cents,
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: objectSchema({ skuId: schemas.id, quantity: { type: 'integer', minimum: 1, maximum: 1000 }, unitPriceCents: schemas.cents }),
    },
    placedAt: schemas.timestamp,
    reserveUntil: schemas.timestamp
  }),
});
