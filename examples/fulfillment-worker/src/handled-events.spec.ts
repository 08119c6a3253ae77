import { HandledEvents } from './handled-events';

describe('HandledEvents', () => {
  it.each<[string, string[], number, string[]]>([
    ['remembers what it was given', ['a', 'b'], 10, ['a', 'b']],
    ['keeps one entry per id', ['a', 'b', 'a'], 10, ['b', 'a']],
    ['forgets the oldest beyond its limit', ['a', 'b', 'c', 'd'], 2, ['c', 'd']],
    ['a repeated id counts as recent', ['a', 'b', 'a', 'c'], 2, ['a', 'c']],
  ])('%s', (_name, added, limit, expected) => {
    const handled = new HandledEvents([], limit);
    for (const id of added) handled.add(id);
    expect(handled.toJSON()).toEqual(expected);
    expect(expected.every((id) => handled.has(id))).toBe(true);
    expect(handled.size).toBe(expected.length);
  });

  it('survives a JSON round trip', () => {
    const handled = new HandledEvents(['x', 'y']);
    expect(new HandledEvents(JSON.parse(JSON.stringify(handled))).toJSON()).toEqual(['x', 'y']);
  });
});
