import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('has no digits at all, so no card-number-like run, and does not repeat', () => {
    const names = Array.from({ length: 2_000 }, () => uniqueName());
    expect(names.every((name) => /^[a-p]{20}$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});
