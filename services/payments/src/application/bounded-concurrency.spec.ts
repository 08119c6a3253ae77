import { runBounded } from './bounded-concurrency';

describe('runBounded', () => {
  /** Work that finishes when the test says so, recording what ran and how many ran at once. */
  const gatedWork = () => {
    const started: number[] = [];
    const gates: (() => void)[] = [];
    let inFlight = 0;
    let peak = 0;
    const work = async (item: number) => {
      started.push(item);
      peak = Math.max(peak, ++inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
    };
    const releaseAll = async () => {
      while (gates.length > 0) {
        gates.shift()!();
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    return { started, work, releaseAll, peak: () => peak };
  };

  it.each([
    ['fewer items than lanes', 2, 4, 2],
    ['as many items as lanes', 4, 4, 4],
    ['more items than lanes', 10, 4, 4],
    ['one lane', 5, 1, 1],
    ['a concurrency below one, taken as one', 3, 0, 1],
  ])('runs every item, in order, with %s', async (_, count, concurrency, peak) => {
    const gated = gatedWork();
    const items = Array.from({ length: count }, (__, index) => index);
    const done = runBounded(items, concurrency, gated.work);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.started).toEqual(items.slice(0, peak)); // only the first lanes' items before any finishes
    await gated.releaseAll();
    expect(await done).toBe(count);
    expect(gated.started).toEqual(items);
    expect(gated.peak()).toBe(peak);
  });

  it('starts nothing new once stop() is true, and lets the running items finish', async () => {
    let failures = 0;
    const started: number[] = [];
    const count = await runBounded([1, 2, 3, 4, 5, 6, 7, 8, 9], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item >= 3) failures++;
    }, () => failures >= 2);
    // Two lanes: 1 and 2 pass, each lane takes the next (3, 4); 3 fails and its lane takes 5; 4 is the second failure.
    expect(count).toBe(5);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('handles no items', async () => {
    expect(await runBounded([], 4, async () => undefined)).toBe(0);
  });
});
