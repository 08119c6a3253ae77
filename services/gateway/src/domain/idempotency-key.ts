/**
 * The Idempotency-Key header of checkout and payment retry: 1-255 visible ASCII characters (0x21-0x7e), so
 * letters, digits and punctuation but no spaces or control characters.
 */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const RULE = '1-255 visible ASCII characters (letters, digits and punctuation; no spaces), unique per intended operation';

export type IdempotencyKeyCheck = { ok: true; key: string } | { ok: false; slug: 'missing-idempotency-key' | 'invalid-idempotency-key'; detail: string };

/** The key, or why the header is refused: missing and malformed are told apart, and the key itself is never echoed. */
export function checkIdempotencyKey(header: string | string[] | undefined): IdempotencyKeyCheck {
  if (typeof header === 'string' && IDEMPOTENCY_KEY.test(header)) return { ok: true, key: header };
  if (header === undefined || header === '') {
    return { ok: false, slug: 'missing-idempotency-key', detail: `The Idempotency-Key header is required: ${RULE}` };
  }
  return { ok: false, slug: 'invalid-idempotency-key', detail: `The Idempotency-Key header must be ${RULE}; ${whatIsWrong(header)}` };
}

function whatIsWrong(header: string | string[]): string {
  if (typeof header !== 'string') return 'it was sent more than once';
  if (header.length > 255) return `it is ${header.length} characters long`;
  if (header.includes(' ')) return 'it contains a space';
  return 'it contains a character that is not visible ASCII';
}
