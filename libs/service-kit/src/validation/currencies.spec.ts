import { COUNTRY_CODES, isCountryCode } from './countries';
import { ACTIVE_CURRENCIES, isActiveCurrency } from './currencies';

describe('isActiveCurrency', () => {
  it.each([
    ['USD', true],
    ['EUR', true],
    ['GBP', true],
    ['JPY', true],
    ['BHD', true],
    ['CHF', true],
    ['ZWG', true],
    ['SLE', true],
    ['XCG', true],
    ['VED', true],
    ['usd', false],
    ['Usd', false],
    ['US', false],
    ['USDX', false],
    ['', false],
    ['XXX', false],
    ['XTS', false],
    ['XAU', false],
    ['XDR', false],
    ['HRK', false],
    ['ZWL', false],
    ['SLL', false],
    ['CUC', false],
    ['BOV', false],
    ['USN', false],
    ['ABC', false],
  ])('%s -> %s', (code, expected) => {
    expect(isActiveCurrency(code)).toBe(expected);
  });

  it('holds only three upper-case letters', () => {
    expect([...ACTIVE_CURRENCIES].every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect(ACTIVE_CURRENCIES.size).toBeGreaterThan(150);
  });
});

describe('isCountryCode', () => {
  it.each([
    ['GB', true],
    ['US', true],
    ['DE', true],
    ['AX', true],
    ['SS', true],
    ['XK', false],
    ['UK', false],
    ['gb', false],
    ['GBR', false],
    ['', false],
  ])('%s -> %s', (code, expected) => {
    expect(isCountryCode(code)).toBe(expected);
  });

  it('holds the 249 assigned codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
  });
});
