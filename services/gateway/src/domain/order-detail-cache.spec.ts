import { OrderDetailCache, parseChangedOrders } from './order-detail-cache';

const cache = (maxEntries = 3, ttlMs = 1_000) => {
  const made = new OrderDetailCache<string>({ maxEntries, ttlMs });
  made.enable();
  return made;
};

/** Reads `id` through the cache as the gateway does: a hit, or a read from the services that fills it. */
const read = (subject: OrderDetailCache<string>, id: string, now: number) =>
  subject.get(id, now) ?? (subject.fill(id, subject.begin(id), `v${id}`, now), 'miss');

describe('OrderDetailCache', () => {
  it.each([
    // [what happens between begin and fill, kept]
    ['nothing', () => undefined, true],
    ['the order is invalidated', (c: OrderDetailCache<string>) => c.invalidate(['1']), false],
    ['another order is invalidated', (c: OrderDetailCache<string>) => c.invalidate(['2']), true],
    ['the cache is cleared', (c: OrderDetailCache<string>) => c.clear(), false],
    ['the cache is disabled and enabled again', (c: OrderDetailCache<string>) => (c.disable(), c.enable()), false],
    ['a second read of the same order begins', (c: OrderDetailCache<string>) => void c.begin('1'), false],
    ['a second read of the same order begins and fails', (c: OrderDetailCache<string>) => c.abandon('1', c.begin('1')), false],
    ['a read of another order fails', (c: OrderDetailCache<string>) => c.abandon('2', c.begin('2')), true],
  ])('a read keeps its result when %s: %s', (_what, between, kept) => {
    const subject = cache();
    const ticket = subject.begin('1');
    between(subject);
    expect(subject.fill('1', ticket, 'v1', 0)).toBe(kept);
    expect(subject.get('1', 0)).toBe(kept ? 'v1' : undefined);
  });

  it.each([
    // [ms after the fill, served]
    [0, true],
    [999, true],
    [1_000, false],
    [5_000, false],
  ])('an entry read %i ms after its fill is served: %s (ttl 1000 ms)', (elapsed, served) => {
    const subject = cache();
    subject.fill('1', subject.begin('1'), 'v1', 100);
    expect(subject.get('1', 100 + elapsed)).toBe(served ? 'v1' : undefined);
  });

  it.each([
    // [reads in order (max 3 entries), ids still cached afterwards]
    [
      ['1', '2', '3'],
      ['1', '2', '3'],
    ],
    [
      ['1', '2', '3', '4'],
      ['2', '3', '4'],
    ],
    [
      ['1', '2', '3', '1', '4'],
      ['1', '3', '4'],
    ],
    [
      ['1', '2', '3', '4', '5', '6'],
      ['4', '5', '6'],
    ],
  ])('reads %j leave %j (least recently read evicted)', (reads, left) => {
    const subject = cache(3);
    for (const id of reads) read(subject, id, 0);
    expect(['1', '2', '3', '4', '5', '6'].filter((id) => subject.get(id, 0) !== undefined)).toEqual(left);
  });

  it('forgets a read that failed, and keeps nothing for it', () => {
    const subject = cache(3);
    const ticket = subject.begin('1');
    subject.abandon('1', ticket);
    expect(subject.readsUnderWay).toBe(0);
    expect(subject.fill('1', ticket, 'v1', 0)).toBe(false);
    // A failing read whose ticket is no longer current leaves the current one alone.
    const older = subject.begin('2');
    const newer = subject.begin('2');
    subject.abandon('2', older);
    expect(subject.fill('2', newer, 'v2', 0)).toBe(true);
  });

  it.each([
    // [reads begun and never ended (max 3 entries), reads under way afterwards]
    [2, 2],
    [3, 3],
    [10_000, 3],
  ])('%i reads that never end leave %i under way, the oldest voided', (count, left) => {
    const subject = cache(3);
    const tickets = Array.from({ length: count }, (_, index) => subject.begin(String(index)));
    expect(subject.readsUnderWay).toBe(left);
    expect(subject.fill('0', tickets[0], 'v0', 0)).toBe(count <= 3);
    expect(subject.fill(String(count - 1), tickets[count - 1], 'last', 0)).toBe(true);
  });

  it('serves nothing and keeps nothing until enabled, or once disabled', () => {
    const subject = new OrderDetailCache<string>({ maxEntries: 3, ttlMs: 1_000 });
    expect(subject.begin('1')).toBeUndefined();
    expect(subject.fill('1', subject.begin('1'), 'v1', 0)).toBe(false);
    subject.enable();
    subject.fill('1', subject.begin('1'), 'v1', 0);
    expect(subject.get('1', 0)).toBe('v1');
    subject.disable();
    expect(subject.get('1', 0)).toBeUndefined();
    expect(subject.size).toBe(0);
  });

  it.each([
    [0, 3],
    [1_000, 0],
  ])('is off with ttl %i ms and %i entries', (ttlMs, maxEntries) => {
    const subject = new OrderDetailCache<string>({ maxEntries, ttlMs });
    subject.enable();
    expect(subject.enabled).toBe(false);
    expect(subject.fill('1', subject.begin('1'), 'v1', 0)).toBe(false);
  });

  it.each([
    // [ms after the fill, seen]
    [0, true],
    [1_000, false],
  ])('peek %i ms after the fill sees the entry: %s, and counts nothing', (elapsed, seen) => {
    const subject = cache();
    subject.fill('1', subject.begin('1'), 'v1', 0);
    expect(subject.peek('1', elapsed)).toBe(seen ? 'v1' : undefined);
    expect(subject.peek('2', 0)).toBeUndefined();
    expect(subject.counts).toEqual({ hits: 0, misses: 0, invalidations: 0 });
  });

  it('counts hits, misses and invalidations', () => {
    const subject = cache();
    read(subject, '1', 0);
    read(subject, '1', 0);
    subject.invalidate(['1', '2']);
    read(subject, '1', 0);
    expect(subject.counts).toEqual({ hits: 1, misses: 2, invalidations: 2 });
  });
});

describe('parseChangedOrders', () => {
  it.each([
    ['42', { all: false, ids: ['42'] }],
    ['1,2,3', { all: false, ids: ['1', '2', '3'] }],
    ['*', { all: true }],
    [undefined, { all: true }],
    ['', { all: true }],
    ['1,x', { all: true }],
    ['1,,2', { all: true }],
    ['01', { all: true }],
    ['12345678901234567890', { all: true }],
  ])('%j -> %j', (payload, expected) => {
    expect(parseChangedOrders(payload)).toEqual(expected);
  });
});
