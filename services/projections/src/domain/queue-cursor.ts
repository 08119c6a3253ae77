import { decodePageCursor, encodePageCursor } from '@shop/contracts';

/** Position after the last row of a fulfillment queue page: (placed_at, order_id), oldest first. */
export interface QueueCursor {
  /** placed_at with its microseconds (a JS Date would drop them and skip rows on the next page). */
  placedAt: string;
  orderId: string;
}

/** Opaque to clients: base64url of `placedAt|orderId`. */
export function encodeQueueCursor(cursor: QueueCursor): string {
  return encodePageCursor({ at: cursor.placedAt, id: cursor.orderId });
}

/** Undefined for anything that is not a cursor this service issued. */
export function decodeQueueCursor(text: string): QueueCursor | undefined {
  const cursor = decodePageCursor(text);
  return cursor && { placedAt: cursor.at, orderId: cursor.id };
}
