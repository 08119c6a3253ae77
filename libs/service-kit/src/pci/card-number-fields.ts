import { containsCardNumber } from '@shop/contracts';

/**
 * PCI: every service refuses card numbers (PANs) anywhere in a request, the gateway first; what counts as one is
 * `containsCardNumber` (libs/contracts/src/card-numbers.ts). This finds where a request holds one.
 */

/**
 * Where inside a JSON-like value a card number sits (a string, an object key or a number): the field path
 * (`payment.token`, `items[0]`; `rootPath` for the value itself), or null when there is none. Path segments
 * that are themselves card-shaped are masked, so the answer can go into a problem document. Iterative, so a
 * deeply nested body cannot overflow the stack.
 */
export function locateCardNumber(value: unknown, rootPath: string): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: rootPath }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (containsCardNumber(current)) return path;
    } else if (typeof current === 'number' || typeof current === 'bigint') {
      if (containsCardNumber(numberText(current))) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const keyIsCard = containsCardNumber(key);
        const child = `${path ? `${path}.` : ''}${keyIsCard ? '[redacted]' : key}`;
        if (keyIsCard) return child;
        stack.push({ value: item, path: child });
      }
    }
  }
  return null;
}

function numberText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) return '';
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
}

const W3C_TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request headers the card-number scan must look at. Not the bearer token, and not values whose exact shape
 * leaves no room for a card number but whose random hex is sometimes a Luhn-valid run of digits: a W3C
 * traceparent (about 1 request in 33,000 was refused with 422 for its own trace id), and a canonical UUID as
 * Idempotency-Key or X-Request-Id (8-4-4 hex groups that happen to be all digits: about 1 in 20,000 UUIDs).
 */
export function headersToScan(headers: Record<string, string | string[] | undefined>): [string, string | string[]][] {
  return Object.entries(headers).filter((entry): entry is [string, string | string[]] => {
    const [name, value] = entry;
    if (value === undefined || name === 'authorization') return false;
    if (typeof value !== 'string') return true;
    if (name === 'traceparent' && W3C_TRACEPARENT.test(value)) return false;
    return !((name === 'idempotency-key' || name === 'x-request-id') && CANONICAL_UUID.test(value));
  });
}

/** The parts of an HTTP request the scan reads (a Fastify request has them). */
export interface ScannedRequest {
  url: string;
  body?: unknown;
  query?: unknown;
  params?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Where `request` holds a card number, as a field a 422 can name (`body`, `items[0].note`, `query.q`, `path`,
 * `headers.x-note`), or null. `rawBody` is the body as sent, when the caller kept it: JSON.parse drops what a
 * duplicate key held.
 */
export function cardNumberField(request: ScannedRequest, rawBody?: string): string | null {
  const inBody = locateCardNumber(request.body, '');
  if (inBody !== null) return inBody || 'body';
  if (rawBody !== undefined && containsCardNumber(rawBody)) return 'body';
  const elsewhere = locateCardNumber(request.query ?? {}, 'query') ?? locateCardNumber(request.params ?? {}, 'path');
  if (elsewhere !== null) return elsewhere;
  if (containsCardNumber(decodedPath(request.url))) return 'path';
  for (const [name, value] of headersToScan(request.headers)) {
    if (containsCardNumber(name)) return 'headers';
    const field = locateCardNumber(value, `headers.${name}`);
    if (field !== null) return field;
  }
  return null;
}

function decodedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  // Most paths have no escapes; decodeURIComponent would only copy them.
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
