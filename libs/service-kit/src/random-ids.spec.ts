import { randomHex } from './random-ids';

describe('randomHex', () => {
  it.each([8, 16])('gives %i bytes as lowercase hex', (bytes) => {
    expect(randomHex(bytes)).toMatch(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
  });

  it('does not repeat across many pool refills', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => randomHex(8)));
    expect(ids.size).toBe(20_000);
  });
});
