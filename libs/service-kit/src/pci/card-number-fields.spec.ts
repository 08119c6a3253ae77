import { containsCardNumber } from '@shop/contracts';
import { cardNumberField, headersToScan, locateCardNumber } from './card-number-fields';

describe('locateCardNumber', () => {
  it.each([
    [{ payment: { token: '4111111111111111' } }, '', 'payment.token'],
    [{ items: [{ skuId: '1' }, { note: '4111 1111 1111 1111' }] }, '', 'items[1].note'],
    [{ priceCents: 4111111111111111 }, '', 'priceCents'],
    [{ '4111111111111111': 'key' }, '', '[redacted]'],
    ['5555555555554444', '', ''],
    [{ note: 'x' }, 'query', null],
    [{ note: ['a', '4111111111111111'] }, 'query', 'query.note[1]'],
    [{ skuId: '42', quantity: 3, nested: { deep: [true, null, 1.5] } }, '', null],
  ])('%j under %j -> %j', (value, root, expected) => {
    expect(locateCardNumber(value, root)).toBe(expected);
  });

  it('reads a bigint as its digits', () => {
    expect(locateCardNumber({ amount: 4111111111111111n, count: 12n }, '')).toBe('amount');
  });

  it('walks deeply nested values without recursion', () => {
    let value: unknown = '4111111111111111';
    for (let depth = 0; depth < 100_000; depth++) value = [value];
    expect(locateCardNumber(value, '')).not.toBeNull();
  });
});

describe('headersToScan', () => {
  // A span id that happens to be a Luhn-valid 16-digit number, as in a real spurious 422.
  const luckyTraceparent = '00-0af7651916cd43dd8448eb211c80319c-5197301297554507-01';

  it.each([
    ['a well-formed traceparent is not scanned, even with a Luhn-valid span id', { traceparent: luckyTraceparent }, []],
    ['a malformed traceparent is scanned', { traceparent: '4111111111111111' }, ['traceparent']],
    ['the bearer token is not scanned', { authorization: 'Bearer 4111111111111111' }, []],
    ['other headers are scanned', { 'x-note': '4111 1111 1111 1111', accept: 'application/json' }, ['x-note', 'accept']],
    ['missing values are skipped', { 'x-empty': undefined }, []],
    ['a UUID idempotency key whose first groups are all digits is not scanned', { 'idempotency-key': '41111111-1111-1111-abcd-ef0123456789' }, []],
    ['an idempotency key that is not a UUID is scanned', { 'idempotency-key': '4111-1111-1111-1111' }, ['idempotency-key']],
    ['a UUID request id is not scanned', { 'x-request-id': '41111111-1111-1111-abcd-ef0123456789' }, []],
    ['a UUID in another header is scanned', { 'x-note': '41111111-1111-1111-abcd-ef0123456789' }, ['x-note']],
    ['a traceparent-shaped value in another header is scanned', { 'x-note': luckyTraceparent }, ['x-note']],
    ['a header sent more than once (an array) is scanned', { 'x-note': ['a', '4111111111111111'] }, ['x-note']],
  ])('%s', (_name, headers, names) => {
    expect(headersToScan(headers as Record<string, string | string[] | undefined>).map(([name]) => name)).toEqual(names);
  });

  it('the lucky span id and UUID really are card numbers to the detector, so the exemptions matter', () => {
    expect(containsCardNumber(luckyTraceparent)).toBe(true);
    expect(containsCardNumber('41111111-1111-1111-abcd-ef0123456789')).toBe(true);
  });
});

describe('cardNumberField', () => {
  const request = (part: Partial<Parameters<typeof cardNumberField>[0]>) => ({ url: '/v1/customers', headers: { host: 'localhost' }, ...part });

  it.each([
    ['nothing', request({ body: { fullName: 'Ada' } }), undefined, null],
    ['a body field', request({ body: { fullName: 'Ada 4111\u00a01111\u00a01111\u00a01111' } }), undefined, 'fullName'],
    ['a body that is a bare string', request({ body: '4111111111111111' }), undefined, 'body'],
    ['the raw body only (a duplicate key JSON.parse dropped)', request({ body: { note: 'x' } }), '{"note":"4111111111111111","note":"x"}', 'body'],
    ['the query', request({ query: { q: '4111-1111-1111-1111' } }), undefined, 'query.q'],
    ['a path parameter', request({ params: { id: '4111111111111111' } }), undefined, 'path.id'],
    ['an escaped path', request({ url: '/v1/x/4111%201111%201111%201111?ok=1' }), undefined, 'path'],
    ['a path with a malformed escape', request({ url: '/v1/x/4111111111111111/%zz' }), undefined, 'path'],
    ['a header', request({ headers: { 'x-actor': 'customer:4111111111111111' } }), undefined, 'headers.x-actor'],
    ['a header name', request({ headers: { 'x-4111111111111111': 'y' } }), undefined, 'headers'],
    ['a header sent twice', request({ headers: { 'x-note': ['ok', '4111 1111 1111 1111'] } }), undefined, 'headers.x-note[1]'],
  ])('finds %s', (_what, scanned, raw, field) => {
    expect(cardNumberField(scanned, raw)).toBe(field);
  });
});
