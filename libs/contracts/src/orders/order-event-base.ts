import { schemas } from '../contract';

/** Fields every order event carries, so the status history can be rebuilt from the events alone. */
export interface OrderEventBase {
  orderId: string;
  merchantId: string;
  /** Who caused it: `customer:<id>`, `merchant:<id>`, `system:<process>`. */
  actor: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  reason: string | null;
}

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

const nullableStatus = { anyOf: [schemas.status, { type: 'null' }] };

export const orderEventBaseSchema = {
  orderId: schemas.id,
  merchantId: schemas.id,
  actor: { type: 'string', minLength: 1, maxLength: 200 },
  fromStatus: nullableStatus,
  toStatus: nullableStatus,
  reason: { anyOf: [schemas.text, { type: 'null' }] },
};
