import { defineEvent, objectSchema, schemas } from '../contract';

/** An order's reserved stock was returned to sale (cancelled or expired). */
export interface StockReleasedV1 {
  orderId: string;
  reason: string;
}

export const StockReleasedV1Contract = defineEvent<StockReleasedV1>({
  type: 'inventory.stock-released',
  version: 1,
  aggregateType: 'reservation',
  description: "An order's reserved stock was returned to sale (cancelled or expired).",
  payloadSchema: objectSchema({ orderId: schemas.id, reason: schemas.text }),
});
