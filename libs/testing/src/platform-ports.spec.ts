import { testPortRange } from './platform-harness';

describe('testPortRange', () => {
  it.each<[string, { from: number; to: number } | RegExp]>([
    ['', { from: 20_000, to: 32_000 }], // unset: the default range
    ['24400-24499', { from: 24_400, to: 24_500 }],
    [' 24400-24410 ', { from: 24_400, to: 24_411 }],
    ['24400-24409', /at least 11 ports/],
    ['24499-24400', /at least 11 ports/],
    ['24400', /<first>-<last>/],
    ['60000-70000', /<first>-<last>/],
  ])('%j -> %p', (value, expected) => {
    if (expected instanceof RegExp) expect(() => testPortRange(value)).toThrow(expected);
    else expect(testPortRange(value)).toEqual(expected);
  });
});
