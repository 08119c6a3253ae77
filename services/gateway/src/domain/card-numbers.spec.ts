import { containsCardNumber } from '@shop/contracts';
import { headersToScan, locateCardNumber } from './card-numbers';

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
  ])('%s', (_name, headers, names) => {
    expect(headersToScan(headers as Record<string, string | undefined>).map(([name]) => name)).toEqual(names);
  });

  it('the lucky span id and UUID really are card numbers to the detector, so the exemptions matter', () => {
    expect(containsCardNumber(luckyTraceparent)).toBe(true);
    expect(containsCardNumber('41111111-1111-1111-abcd-ef0123456789')).toBe(true);
  });
});
