import { checkIdempotencyKey } from './idempotency-key';

describe('checkIdempotencyKey', () => {
  it.each([
    ['a uuid', '2f1c1f5e-8a0b-4d0e-9c55-3a3f0d5e6a11'],
    ['one character', 'k'],
    ['every visible ASCII character', '!~"#$%&()*+,-./:;<=>?@[\\]^_`{|}'],
    ['255 characters', 'k'.repeat(255)],
  ])('accepts %s', (_what, header) => {
    expect(checkIdempotencyKey(header)).toEqual({ ok: true, key: header });
  });

  it.each([
    ['no header', undefined, 'missing-idempotency-key', /^The Idempotency-Key header is required: 1-255 visible ASCII characters .*no spaces/],
    ['an empty header', '', 'missing-idempotency-key', /is required/],
    ['a space', 'a b', 'invalid-idempotency-key', /^The Idempotency-Key header must be 1-255 visible ASCII characters .*; it contains a space$/],
    ['256 characters', 'k'.repeat(256), 'invalid-idempotency-key', /; it is 256 characters long$/],
    ['a tab', 'a\tb', 'invalid-idempotency-key', /; it contains a character that is not visible ASCII$/],
    ['a non-ASCII letter', 'clé', 'invalid-idempotency-key', /; it contains a character that is not visible ASCII$/],
    ['two headers', ['a', 'b'], 'invalid-idempotency-key', /; it was sent more than once$/],
  ])('refuses %s', (_what, header, slug, detail) => {
    const check = checkIdempotencyKey(header);
    expect(check).toEqual({ ok: false, slug, detail: expect.stringMatching(detail) });
    if (!check.ok && typeof header === 'string' && header.length > 1) expect(check.detail).not.toContain(header);
  });
});
