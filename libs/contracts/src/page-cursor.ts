/**
 * The opaque cursor of a keyset page, `base64url(<timestamp>|<id>)`: where the last row of a page sat in
 * (timestamp, id) order. Decoding accepts only what Postgres will take back as a timestamptz and a bigint, so a
 * crafted cursor is a 422 for its caller rather than a cast error (a 500) in the page query.
 */
export interface PageCursor {
  /** ISO 8601 in UTC with up to microseconds (a JS Date would drop them and skip rows on the next page). */
  at: string;
  id: string;
}

const CURSOR_TEXT = /^((\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?Z\|([1-9]\d{0,18})$/;
const BIGINT_MAX = 9223372036854775807n;

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Undefined for anything that is not a cursor `encodePageCursor` could have made from a stored row. */
export function decodePageCursor(text: string): PageCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = CURSOR_TEXT.exec(decoded);
  if (!match || !isCalendarTime(match[1], Number(match[2])) || BigInt(match[3]) > BIGINT_MAX) return undefined;
  const [at, id] = decoded.split('|');
  return { at, id };
}

/** A real date and time from year 1 on: Date.parse rolls 30 February over to March, and year 0 is not a date Postgres reads. */
function isCalendarTime(seconds: string, year: number): boolean {
  const time = Date.parse(`${seconds}Z`);
  return year >= 1 && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === seconds;
}
