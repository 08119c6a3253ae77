import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it.each([
    // [capacity, requests at t=0, allowed]
    [1, 1, 1],
    [1, 2, 1],
    [5, 5, 5],
    [5, 8, 5],
    [60, 100, 60],
  ])('capacity %i: %i requests at once, %i allowed', (capacity, requests, allowed) => {
    const buckets = new TokenBuckets(capacity);
    const results = Array.from({ length: requests }, () => buckets.take('k', 0));
    expect(results.filter((result) => result.allowed)).toHaveLength(allowed);
  });

  it.each([
    // [capacity per minute, ms after emptying, allowed again]
    [60, 999, false],
    [60, 1000, true],
    [1, 59_999, false],
    [1, 60_000, true],
    [6000, 10, true],
  ])('capacity %i refills one token in 60000/capacity ms (after %i ms: %s)', (capacity, elapsed, allowed) => {
    const buckets = new TokenBuckets(capacity);
    for (let index = 0; index < capacity; index++) buckets.take('k', 0);
    expect(buckets.take('k', elapsed).allowed).toBe(allowed);
  });

  it.each([
    [60, 1],
    [1, 60],
    [2, 30],
  ])('capacity %i tells a refused caller to retry after %i s', (capacity, seconds) => {
    const buckets = new TokenBuckets(capacity);
    for (let index = 0; index < capacity; index++) buckets.take('k', 0);
    expect(buckets.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: seconds });
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(1);
    expect(buckets.take('customer:1', 0).allowed).toBe(true);
    expect(buckets.take('customer:1', 0).allowed).toBe(false);
    expect(buckets.take('customer:2', 0).allowed).toBe(true);
  });

  it('never holds more than its capacity, however long it was idle', () => {
    const buckets = new TokenBuckets(2);
    buckets.take('k', 0);
    const results = Array.from({ length: 3 }, () => buckets.take('k', 10 * 60_000));
    expect(results.map((result) => result.allowed)).toEqual([true, true, false]);
  });

  it('forgets refilled keys when it holds too many', () => {
    const buckets = new TokenBuckets(10, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) buckets.take(key, 0);
    expect(buckets.size).toBeLessThanOrEqual(3);
    buckets.take('f', 120_000);
    expect(buckets.size).toBeLessThanOrEqual(3);
  });

  it('refuses a capacity below one', () => {
    expect(() => new TokenBuckets(0)).toThrow(RangeError);
  });
});
