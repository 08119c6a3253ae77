/**
 * PCI guard: card numbers (PANs) are never accepted anywhere in a request. A candidate is a run of 13-19 digits,
 * optionally grouped by single spaces or dashes ("4111 1111 1111 1111", "4111-1111-1111-1111") or by dots between
 * groups of 3-6 digits ("4111.1111.1111.1111"; a decimal number's longer groups are not card-shaped), that passes
 * the Luhn check. Runs glued to a hex letter ("a716-446655440000" inside a UUID) are not candidates: random hex
 * identifiers such as UUID idempotency keys often hold 13 decimal digits in a row. Other letters do not shield a
 * run ("tok_4111111111111111x" is caught).
 */

/** Luhn (mod 10) check of a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const CARD_MIN_DIGITS = 13;
export const CARD_MAX_DIGITS = 19;

const DIGIT_RUN = /\d(?:[ .-]?\d)*/g;
const HEX_LETTER = /[A-Fa-f]/;
const CARD_GROUP = /^\d{3,6}$/;

/**
 * Whether `text` has at least `count` ASCII digits. Most strings scanned (headers such as host and user-agent,
 * paths, ids) have fewer than a card's 13, and counting is far cheaper than running the regex over them: the scan
 * was ~4% of the gateway's CPU per cached read.
 */
function hasDigits(text: string, count: number): boolean {
  if (text.length < count) return false;
  let seen = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57 && ++seen >= count) return true;
  }
  return false;
}

/**
 * True when `text` holds something shaped like a card number. Within a grouped run every contiguous span of
 * groups is tried, so "4111111111111111 123" (number and CVV) is still caught.
 */
export function containsCardNumber(text: string): boolean {
  if (!hasDigits(text, CARD_MIN_DIGITS)) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    const start = match.index ?? 0;
    const before = start > 0 ? text[start - 1] : '';
    const after = text[start + run.length] ?? '';
    if ((before && HEX_LETTER.test(before)) || (after && HEX_LETTER.test(after))) continue;
    // Dots group a card only between card-sized groups; otherwise they end runs ("4111111111111111.50").
    const dottedCard = run.includes('.') && run.split(/[ .-]/).every((group) => CARD_GROUP.test(group));
    for (const part of run.includes('.') && !dottedCard ? run.split('.') : [run]) if (holdsCardDigits(part.split(/[ .-]/))) return true;
  }
  return false;
}

/** Whether some contiguous span of `groups` is 13-19 digits that pass Luhn. */
function holdsCardDigits(groups: string[]): boolean {
  for (let first = 0; first < groups.length; first++) {
    let digits = '';
    for (let last = first; last < groups.length; last++) {
      digits += groups[last];
      if (digits.length > CARD_MAX_DIGITS) break;
      if (digits.length >= CARD_MIN_DIGITS && passesLuhn(digits)) return true;
    }
  }
  return false;
}

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
