import { CURSOR_PATTERN } from './requests';
import { childTraceparent, withQuery } from './request-context';

const SPAN = 'b7ad6b7169203331';
const TRACE = '0af7651916cd43dd8448eb211c80319c';

describe('childTraceparent', () => {
  it.each([
    [`00-${TRACE}-00f067aa0ba902b7-01`, `00-${TRACE}-${SPAN}-01`],
    [`00-${TRACE}-00f067aa0ba902b7-00`, `00-${TRACE}-${SPAN}-00`],
    [undefined, `00-${'1'.repeat(32)}-${SPAN}-01`],
    ['garbage', `00-${'1'.repeat(32)}-${SPAN}-01`],
    [`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, `00-${'1'.repeat(32)}-${SPAN}-01`],
    [`ff-${TRACE}-00f067aa0ba902b7-01`, `00-${'1'.repeat(32)}-${SPAN}-01`],
    [`00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`, `00-${'1'.repeat(32)}-${SPAN}-01`],
  ])('%j -> %s', (incoming, expected) => {
    expect(childTraceparent(incoming, SPAN, '1'.repeat(32))).toBe(expected);
  });
});

describe('cursor passing', () => {
  /** Cursors as the orders service issues them: base64url of "<placedAt>|<id>". */
  const issued = (placedAt: string, id: string) => Buffer.from(`${placedAt}|${id}`, 'utf8').toString('base64url');

  it.each([
    issued('2025-01-31T10:00:00.123Z', '42'),
    issued('2025-12-31T23:59:59Z', '9223372036854775807'),
    Buffer.from('opaque projection cursor ???').toString('base64'),
    'abc_-DEF012',
  ])('accepts %s and forwards it byte for byte', (cursor) => {
    expect(CURSOR_PATTERN.test(cursor)).toBe(true);
    const path = withQuery('/internal/customers/7/orders', { limit: 20, cursor });
    expect(new URL(path, 'http://upstream').searchParams.get('cursor')).toBe(cursor);
  });

  it.each(['', 'a b', 'a?b', 'a&b', 'a'.repeat(600), 'abc===', '%00', 'a\nb'])('refuses %j', (cursor) => {
    expect(CURSOR_PATTERN.test(cursor)).toBe(false);
  });

  it.each([
    [{ limit: 20, cursor: undefined }, '/p?limit=20'],
    [{ status: ['PENDING', 'CONFIRMED'], limit: 100 }, '/p?status=PENDING%2CCONFIRMED&limit=100'],
    [{ idempotencyKey: 'a&b=c' }, '/p?idempotencyKey=a%26b%3Dc'],
    [{}, '/p'],
  ])('withQuery(%j) -> %s', (query, expected) => {
    expect(withQuery('/p', query)).toBe(expected);
  });
});
