/** Position after the last row of a page of a customer's history: (placed_at, id), newest first. */
export interface HistoryCursor {
  placedAt: string;
  id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.placedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Undefined for anything that is not a cursor this service issued. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|([1-9]\d{0,18})$/.exec(decoded);
  if (!match || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { placedAt: match[1], id: match[2] };
}
