import { validate } from './schema';
import { transitionBody } from './request-bodies';
import { MAX_TRACKING_NUMBER, TRACKING_NUMBER_PATTERN, orderLookupQuery, trackingNumber, trackingNumberProblem } from './tracking-number';

const schema = trackingNumber('test');

describe('tracking numbers', () => {
  // [what, value, the first error's message (null: accepted)]
  it.each<[string, unknown, RegExp | null]>([
    ['a UPS number', '1Z999AA10123456784', null],
    ['inner spaces and punctuation', 'JD 0146 0000-1234/5', null],
    ['one character', 'X', null],
    ['100 characters', 'A'.repeat(MAX_TRACKING_NUMBER), null],
    ['100 characters counted as code points (emoji)', '📦'.repeat(MAX_TRACKING_NUMBER), null],
    ['letters of any script', 'ЯП-123', null],
    ['101 characters', 'A'.repeat(MAX_TRACKING_NUMBER + 1), /1 to 100 characters/],
    ['an empty string', '', /empty or blank/],
    ['spaces only', '   ', /start or end with a space/],
    ['a leading space', ' 1Z999', /start or end with a space/],
    ['a trailing space', '1Z999 ', /start or end with a space/],
    ['a trailing no-break space', '1Z999\u00a0', /start or end with a space/],
    ['a tab inside', '1Z\t999', /control characters/],
    ['a line break inside', '1Z\n999', /control characters/],
    ['a trailing line break', '1Z999\n', /control characters/],
    ['NUL', '1Z\u0000999', /control characters/],
    ['DEL', '1Z\u007f999', /control characters/],
    ['a C1 control', '1Z\u0085999', /control characters/],
    ['a lone surrogate', '1Z\ud800', /valid Unicode/],
    ['a number', 12345, /must be a string, not an integer/],
    ['null', null, /must be a string, not null/],
  ])('%s: %s', (_what, value, expected) => {
    const result = validate(schema, value, 'trackingNumber');
    if (expected === null) expect(result).toEqual({ ok: true, value });
    else expect(result).toEqual({ ok: false, errors: [{ field: 'trackingNumber', message: expect.stringMatching(expected) }] });
  });

  // The OpenAPI pattern and the parser must never disagree about a string of valid length.
  it.each(['1Z999', ' 1Z', '1Z ', 'a b', '\t', 'x\ny', 'x\u0085', '\u00a0x', 'X'])('the published pattern agrees with the parser on %j', (value) => {
    expect(TRACKING_NUMBER_PATTERN.test(value)).toBe(trackingNumberProblem(value) === undefined);
  });
});

describe('a transition with a tracking number', () => {
  it.each<[string, Record<string, unknown>, { field: string; message: RegExp } | null]>([
    ['to SHIPPED with one', { to: 'SHIPPED', trackingNumber: '1Z999' }, null],
    ['to SHIPPED without one', { to: 'SHIPPED' }, null],
    ['to SHIPPED with expectedFrom and a reason', { to: 'SHIPPED', expectedFrom: 'CONFIRMED', reason: 'packed', trackingNumber: '1Z999' }, null],
    ['to DELIVERED with one', { to: 'DELIVERED', trackingNumber: '1Z999' }, { field: 'trackingNumber', message: /only with to SHIPPED/ }],
    ['to CANCELLED with one', { to: 'CANCELLED', trackingNumber: '1Z999' }, { field: 'trackingNumber', message: /only with to SHIPPED/ }],
    ['to CONFIRMED with one', { to: 'CONFIRMED', trackingNumber: '1Z999' }, { field: 'trackingNumber', message: /only with to SHIPPED/ }],
    ['to SHIPPED with a blank one', { to: 'SHIPPED', trackingNumber: ' ' }, { field: 'trackingNumber', message: /space/ }],
    ['to SHIPPED with null', { to: 'SHIPPED', trackingNumber: null }, { field: 'trackingNumber', message: /not null/ }],
  ])('%s', (_what, body, expected) => {
    const result = validate(transitionBody, body);
    if (expected === null) expect(result).toMatchObject({ ok: true, value: body });
    else expect(result).toEqual({ ok: false, errors: [{ field: expected.field, message: expect.stringMatching(expected.message) }] });
  });
});

describe('the look-up query', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['a tracking number', { trackingNumber: '1Z999' }, null],
    ['none', {}, 'trackingNumber'],
    ['the parameter twice', { trackingNumber: ['1Z999', '1Z998'] }, 'trackingNumber'],
    ['another parameter', { trackingNumber: '1Z999', merchantId: '7' }, 'merchantId'],
  ])('%s', (_what, query, badField) => {
    const result = validate(orderLookupQuery, query);
    if (badField === null) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, errors: [{ field: badField }] });
  });
});
