import { strandedOn } from './kafka-stranded';

describe('strandedOn: unconsumed messages older than the grace period on one partition', () => {
  it.each([
    // [case, first offset younger than the cutoff, committed offset, first offset kept, stranded]
    ['caught up', 10, 10, 0, 0],
    ['ahead of the cutoff: the backlog is all younger than the grace period', 10, 12, 0, 0],
    ['behind by old messages', 10, 7, 0, 3],
    ['no message younger than the cutoff: the cutoff is the partition end', 5, 2, 0, 3],
    ['never committed: everything kept and old', 4, -1, 0, 4],
    ['never committed, the oldest messages deleted by retention', 9, -1, 6, 3],
    ['committed below what retention kept: only what is left counts', 9, 2, 6, 3],
    ['empty partition', 0, -1, 0, 0],
  ])('%s', (_, cutoff, committed, low, expected) => {
    expect(strandedOn(cutoff, committed, low)).toBe(expected);
  });
});
