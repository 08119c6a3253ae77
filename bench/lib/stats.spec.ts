import { percentile, summary } from './stats';

describe('percentile', () => {
  it.each([
    [[], 50, 0],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 100, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [[10, 1, 5], 50, 5],
  ])('%j p%i = %i', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarises', () => {
    expect(summary([1, 2, 3])).toEqual({ count: 3, p50: 2, p99: 3, max: 3 });
  });
});
