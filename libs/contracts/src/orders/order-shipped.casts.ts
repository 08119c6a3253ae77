import type { OrderShippedV1 } from './order-shipped.v1';
import type { OrderShippedV2 } from './order-shipped.v2';

/** The v1 view of a v2 shipment, for dual publishing: v1 has no tracking number, so it is left out (never lost: v2 carries it). */
export function downcastOrderShippedV2ToV1(v2: OrderShippedV2): OrderShippedV1 {
  const { trackingNumber: _trackingNumber, ...v1 } = v2;
  return v1;
}

/** The v2 view of a v1 shipment (always possible): a v1 shipment had no tracking number. */
export function upcastOrderShippedV1ToV2(v1: OrderShippedV1): OrderShippedV2 {
  return { ...v1 };
}
