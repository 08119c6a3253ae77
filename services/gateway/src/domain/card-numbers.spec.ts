import { containsCardNumber, headersToScan, locateCardNumber, passesLuhn } from './card-numbers';

describe('passesLuhn', () => {
  it.each([
    ['79927398713', true],
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['0', true],
    ['', false],
    ['4111 1111', false],
    ['abc', false],
  ])('%s -> %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });
});

describe('containsCardNumber', () => {
  it.each([
    // test numbers of the card schemes, plain
    ['4111111111111111', 'Visa 16'],
    ['4222222222222', 'Visa 13'],
    ['378282246310005', 'Amex 15'],
    ['5555555555554444', 'Mastercard'],
    ['6011111111111117', 'Discover'],
    ['3530111333300000', 'JCB'],
    ['4111111111111111110', '19 digits'],
    // grouped the ways people type them
    ['4111 1111 1111 1111', 'spaces'],
    ['4111-1111-1111-1111', 'dashes'],
    ['3782 822463 10005', 'Amex grouping'],
    ['4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', 'a space between every digit'],
    // inside other text
    ['my card is 4111 1111 1111 1111, exp 12/30', 'in a sentence'],
    ['tok_4242424242424242', 'behind an underscore'],
    ['tok_4111111111111111x', 'between an underscore and a letter that is not hex'],
    ['4111.1111.1111.1111', 'dots'],
    ['4111111111111111.50', 'followed by a decimal part'],
    ['version 1.2 then 4111 1111 1111 1111', 'after a dotted number'],
    ['3782.822463.10005', 'dotted Amex grouping'],
    ['4111111111111111 123', 'followed by a CVV'],
    ['"4012888888881881"', 'quoted'],
    ['1234567890128', 'any Luhn-valid run of 13 digits'],
  ])('finds %s (%s)', (text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    ['4111111111111112', 'fails Luhn'],
    ['411111111111', '12 digits'],
    ['41111111111111111111', '20 digits'],
    ['tok_visa', 'a token'],
    ['2025-01-31', 'a date'],
    ['550e8400-e29b-41d4-a716-446655440000', 'a UUID'],
    ['a4111111111111111', 'glued to a letter'],
    ['4111111111111111f', 'followed by a hex letter'],
    ['1234567.891234', 'a decimal number (a group of 7 digits)'],
    ['1.234567891234', 'a decimal number (a group of 1 digit)'],
    ['4111--1111--1111--1111', 'double separators break the run'],
    ['9007199254740991', 'Number.MAX_SAFE_INTEGER fails Luhn'],
    ['order 1234 5678 90, shipped today', 'fewer than 13 digits in a long text'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36', 'many digits, no run of 13'],
    ['', 'empty'],
  ])('ignores %s (%s)', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});

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
