import { Rng, hexFrom, uuidFrom } from './random';

describe('seed randomness', () => {
  it('gives a million distinct, well-formed UUIDs for a million distinct inputs', () => {
    const seen = new Set<string>();
    for (let order = 1; order <= 200_000; order++) for (let sequence = 1; sequence <= 5; sequence++) seen.add(uuidFrom(42, order, sequence));
    expect(seen.size).toBe(1_000_000);
    expect(uuidFrom(42, 1, 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is reproducible and depends on every input', () => {
    expect(uuidFrom(1, 2, 3)).toBe(uuidFrom(1, 2, 3));
    expect(new Set([uuidFrom(1, 2, 3), uuidFrom(2, 2, 3), uuidFrom(1, 3, 3), uuidFrom(1, 2, 4)]).size).toBe(4);
    expect(hexFrom(1, 2, 3)).toMatch(/^[0-9a-f]{24}$/);
    expect(hexFrom(1, 2, 3)).not.toBe(hexFrom(1, 2, 4));
  });

  it('draws uniformly enough and within bounds', () => {
    const rng = new Rng(7);
    const counts = [0, 0, 0, 0];
    for (let draw = 0; draw < 40_000; draw++) counts[rng.int(0, 3)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const weighted = [0, 0];
    for (let draw = 0; draw < 10_000; draw++) weighted[rng.weighted([1, 3])]++;
    expect(weighted[1] / 10_000).toBeCloseTo(0.75, 1);
  });
});
