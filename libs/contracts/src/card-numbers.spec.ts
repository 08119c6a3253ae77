import { containsCardNumber, passesLuhn, redactCardNumbers } from './card-numbers';

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
    ['card4111111111111111', 'glued to a word with hex letters in it'],
    ['tok_card4111111111111111', 'a token with the number at its end'],
    ['ref5555555555554444', 'a reference'],
    ['4111  1111  1111  1111', 'double spaces'],
    ['4111_1111_1111_1111', 'underscores'],
    ['tok_4111_1111_1111_1111', 'underscores in a token'],
    ['4111/1111/1111/1111', 'slashes'],
    ['4111 - 1111 - 1111 - 1111', 'spaced dashes'],
    ['4111--1111--1111--1111', 'double dashes'],
    ['4111\t1111\t1111\t1111', 'tabs'],
    ['abc-4111111111111111', 'after a hex word and a dash'],
    ['a4111111111111111', 'after a hex letter'],
    ['4111111111111111f', 'before a hex letter'],
    ['abc4111111111111111', 'in a hex token shorter than 24 characters'],
    ['#f5555555555554444', 'after a hash sign and a hex letter'],
    ['4111.1111.1111.1111', 'dots'],
    ['4111111111111111.50', 'followed by a decimal part'],
    ['version 1.2 then 4111 1111 1111 1111', 'after a dotted number'],
    ['3782.822463.10005', 'dotted Amex grouping'],
    ['4111111111111111 123', 'followed by a CVV'],
    ['"4012888888881881"', 'quoted'],
    ['1234567890128', 'any Luhn-valid run of 13 digits'],
    // what a word processor, a paste or another script leaves
    ['4111\u00a01111\u00a01111\u00a01111', 'no-break spaces'],
    ['4111\u202f1111\u202f1111\u202f1111', 'narrow no-break spaces'],
    ['4111\u20131111\u20131111\u20131111', 'en dashes'],
    ['4111 \u2014 1111 \u2014 1111 \u2014 1111', 'spaced em dashes'],
    ['4111\u22121111\u22121111\u22121111', 'minus signs'],
    ['4111\n1111\n1111\n1111', 'line breaks'],
    ['4111\r\n1111\r\n1111\r\n1111', 'CRLF line breaks'],
    ['\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11', 'full-width digits'],
    ['\u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661', 'Arabic-Indic digits'],
    ['4111 \u0967\u0967\u0967\u0967 1111 1111', 'Devanagari digits mixed with ASCII'],
    ['\u{1d7d2}111111111111111', 'a mathematical digit outside the BMP'],
    ['\u{1d7dc}111111111111111', 'a double-struck digit (its run of ten follows the bold digits\' run)'],
    ['abcd4111111111111111abc', 'in a hex token of 23 characters, one short of an id'],
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
    ['3f2a4111111111111111c0ffee', 'inside a longer hex id'],
    ['sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'a hash'],
    ['123e4567-e89b-12d3-a456-426614174000', 'a UUID whose last groups are digits'],
    ['550e8400-e29b-41d4-4111-111111111111', 'a UUID whose last groups pass Luhn'],
    ['abcd4111111111111111abcd', 'inside a hex id of 24 characters'],
    ['4111111111111111deadbeef', 'at the start of a hex id (a letter after it only)'],
    ['deadbeef4111111111111111', 'at the end of a hex id (a letter before it only)'],
    ['1234567.891234', 'a decimal number (a group of 7 digits)'],
    ['1.234567891234', 'a decimal number (a group of 1 digit)'],
    ['1234567.890128', 'a decimal number whose digits pass Luhn (a group of 7)'],
    ['1.234567890128', 'a decimal number whose digits pass Luhn (a group of 1)'],
    ['41.11.11.11.11.11.11.11', 'dots between groups of two digits'],
    ['4111    1111    1111    1111', 'separators longer than three characters break the run'],
    ['9007199254740991', 'Number.MAX_SAFE_INTEGER fails Luhn'],
    ['order 1234 5678 90, shipped today', 'fewer than 13 digits in a long text'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36', 'many digits, no run of 13'],
    ['', 'empty'],
    ['\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff12', 'full-width digits that fail Luhn'],
    ['Zoë\u00a0Müller, 12\u00a0rue de la Paix, 75002 Paris', 'an address with no-break spaces'],
    ['\u{1d7d2}11111111111111\u{1f600}', 'emoji next to 15 digits that fail Luhn'],
  ])('ignores %s (%s)', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});

describe('redactCardNumbers', () => {
  it.each([
    ['no card here, order 42', 'no card here, order 42'],
    ['card 4111 1111 1111 1111 and 5555555555554444.', 'card [redacted-number] and [redacted-number].'],
    ['/v1/nosuch/4111111111111111?pan=4111_1111_1111_1111', '/v1/nosuch/[redacted-number]?pan=[redacted-number]'],
    ['id 550e8400-e29b-41d4-a716-446655440000', 'id 550e8400-e29b-41d4-a716-446655440000'],
    ['Zoë: \uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11 😀 ok', 'Zoë: [redacted-number] 😀 ok'],
    ['😀 \u{1d7d2}111111111111111 😀', '😀 [redacted-number] 😀'],
    ['pan \u{1d7dc}111111111111111 ok', 'pan [redacted-number] ok'],
  ])('%s -> %s', (text, redacted) => {
    expect(redactCardNumbers(text)).toBe(redacted);
  });
});

describe('containsCardNumber against a plain reference', () => {
  // The detector sums Luhn over spans with prefix sums; this is the obvious way, span by span.
  const reference = (groups: string[]) => {
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last];
        if (digits.length > 19) break;
        if (digits.length >= 13 && passesLuhn(digits)) return true;
      }
    }
    return false;
  };
  let seed = 7;
  const next = (below: number) => Math.floor((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 65_536) % below; // high bits: the low ones cycle
  const runs = Array.from({ length: 3_000 }, () => Array.from({ length: 1 + next(8) }, () => Array.from({ length: 1 + next(8) }, () => String(next(10))).join('')));

  it('agrees on 3,000 grouped runs of digits', () => {
    const disagreements = runs.filter((groups) => containsCardNumber(groups.join(' ')) !== reference(groups));
    expect(disagreements).toEqual([]);
    expect(runs.filter(reference).length).toBeGreaterThan(100); // both answers occur
  });
});
