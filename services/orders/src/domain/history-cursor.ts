import { decodePageCursor, encodePageCursor } from '@shop/contracts';

/** Position after the last row of a page of a customer's history: (placed_at, id), newest first. */
export interface HistoryCursor {
  placedAt: string;
  id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return encodePageCursor({ at: cursor.placedAt, id: cursor.id });
}

/** Undefined for anything that is not a cursor this service issued. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  const cursor = decodePageCursor(text);
  return cursor && { placedAt: cursor.at, id: cursor.id };
}
