import { centsForJson } from './money';

describe('centsForJson', () => {
  it.each([
    [0n, 0],
    [1999n, 1999],
    [-450n, -450],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    [-9007199254740991n, -Number.MAX_SAFE_INTEGER],
  ])('%p -> %p', (input, expected) => {
    expect(centsForJson(input)).toBe(expected);
  });

  it.each([[9007199254740992n], ['123456789012345678901234567890'], [-9007199254740992n]])('refuses %p rather than rounding it', (input) => {
    expect(() => centsForJson(input)).toThrow(RangeError);
  });
});
