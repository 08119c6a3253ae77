/** Position after the last row of a fulfillment queue page: (placed_at, order_id), oldest first. */
export interface QueueCursor {
  /** placed_at with its microseconds (a JS Date would drop them and skip rows on the next page). */
  placedAt: string;
  orderId: string;
}

const CURSOR_TEXT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|([1-9]\d{0,18})$/;

/** Opaque to clients: base64url of `placedAt|orderId`. */
export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(`${cursor.placedAt}|${cursor.orderId}`, 'utf8').toString('base64url');
}

/** Undefined for anything that is not a cursor this service issued. */
export function decodeQueueCursor(text: string): QueueCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const match = CURSOR_TEXT.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { placedAt: match[1], orderId: match[2] };
}
