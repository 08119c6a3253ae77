import { ordersToAdd } from './grow';

describe('ordersToAdd', () => {
  it.each([
    [0, 10_000, 10_000],
    // 1M after the 10k size: only the difference, the seeder appends.
    [10_000, 1_000_000, 990_000],
    [10_000, 10_000, 0],
    [12_000, 10_000, 0],
  ])('from %i to %i: %i', (current, target, expected) => {
    expect(ordersToAdd(current, target)).toBe(expected);
  });
});
