import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it.each([
    // [case, capacity, ids added in order, ids remembered, ids forgotten]
    ['within capacity: all kept', 3, ['1', '2', '3'], ['1', '2', '3'], []],
    ['over capacity: the oldest forgotten first', 2, ['1', '2', '3'], ['2', '3'], ['1']],
    ['re-adding moves an id to the newest end', 2, ['1', '2', '1', '3'], ['1', '3'], ['2']],
    ['the same id many times takes one place', 2, ['1', '1', '1', '2'], ['1', '2'], []],
    ['capacity one: only the last', 1, ['1', '2'], ['2'], ['1']],
  ])('%s', (_, capacity, added, kept, forgotten) => {
    const recent = new RecentIds(capacity);
    for (const id of added) recent.add(id);
    expect(kept.filter((id) => !recent.has(id))).toEqual([]);
    expect(forgotten.filter((id) => recent.has(id))).toEqual([]);
  });

  it.each([[0], [-1], [1.5]])('refuses a capacity of %p', (capacity) => {
    expect(() => new RecentIds(capacity)).toThrow(RangeError);
  });
});
