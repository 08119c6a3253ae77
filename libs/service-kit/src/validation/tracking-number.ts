import { INVALID, Schema, object, text } from './schema';

/** Most characters a tracking number may have: `orders.orders.tracking_number` is varchar(100). */
export const MAX_TRACKING_NUMBER = 100;

/** C0 and C1 control characters, tab and line breaks included: a carrier's number is one printable line. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Any Unicode space at either end (a no-break space too). */
const EDGE_SPACE = /^\s|\s$/;

/**
 * The same rules as one pattern, for the OpenAPI document (the parser below says which rule was broken):
 * no control character anywhere, no space at either end.
 */
export const TRACKING_NUMBER_PATTERN = /^[^\s\u0000-\u001f\u007f-\u009f](?:[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f])?$/;

/**
 * Why `value` cannot be a tracking number, if it cannot (its length is checked by the schema). Leading and
 * trailing spaces are refused rather than trimmed: the number is looked up by exact match later, and a stored
 * value that differs from what the caller sent would make their own look-up of it miss.
 */
export function trackingNumberProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return 'must not contain control characters (tabs, line breaks, ...)';
  if (EDGE_SPACE.test(value)) return 'must not start or end with a space';
  return undefined;
}

/**
 * A carrier's tracking number: 1 to 100 characters, no control characters, no space at either end. Anything
 * else is free-form (carriers' formats differ); a card number is refused before any schema runs, as in every
 * part of a request.
 */
export function trackingNumber(description: string): Schema<string> {
  const base = text({ max: MAX_TRACKING_NUMBER, pattern: TRACKING_NUMBER_PATTERN, description, example: '1Z999AA10123456784' });
  return {
    optional: false,
    jsonSchema: base.jsonSchema,
    parse(value, path, errors) {
      if (typeof value === 'string') {
        const problem = trackingNumberProblem(value);
        if (problem) {
          errors.push({ field: path || 'body', message: problem });
          return INVALID;
        }
      }
      return base.parse(value, path, errors);
    },
  };
}

/** `GET /v1/orders?trackingNumber=` and the internal look-up behind it. */
export const orderLookupQuery = object({ trackingNumber: trackingNumber('The tracking number the order was shipped with (exact match)') });

/** How a 404 names an order looked up by tracking number: the same words whether it is missing or hidden from the caller. */
export function orderWithTrackingNumber(trackingNumber: string): string {
  return `order with tracking number ${JSON.stringify(trackingNumber)}`;
}
