import { GroupCommit, refusedData } from './group-commit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('flushes items submitted in the same turn together, and those arriving during a flush in the next one', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const commit = new GroupCommit<number, string>(async (items) => {
      groups.push(items);
      if (groups.length === 1) await gate;
      return items.map((item) => `done ${item}`);
    });
    const first = [commit.submit(1), commit.submit(2)];
    await tick();
    const later = [commit.submit(3), commit.submit(4), commit.submit(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(groups).toEqual([[1, 2], [3, 4, 5]]);
  });

  it.each([
    { name: 'a group that fails is retried item by item; only the bad item fails', items: [1, 2, 3], bad: 2, groups: [[1, 2, 3], [1], [2], [3]] },
    { name: 'a lone failing item fails at once', items: [2], bad: 2, groups: [[2]] },
  ])('$name', async ({ items, bad, groups: expected }) => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number, number>(async (group) => {
      groups.push(group);
      if (group.includes(bad)) throw new Error(`bad ${bad}`);
      return group.map((item) => item * 10);
    });
    const outcomes = await Promise.allSettled(items.map((item) => commit.submit(item)));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual(items.map((item) => (item === bad ? `bad ${bad}` : item * 10)));
    expect(groups).toEqual(expected);
  });

  it('caps a group at maxGroup items', async () => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number, number>(async (group) => (groups.push(group), group), 2);
    await Promise.all([1, 2, 3, 4, 5].map((item) => commit.submit(item)));
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails every item at once when the failure cannot be one item\'s fault', async () => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number, number>(async (group) => {
      groups.push(group);
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    }, 500, refusedData);
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => commit.submit(item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it.each([
    ['21000', true], ['22P02', true], ['23505', true], ['23514', true],
    ['57P01', false], ['08006', false], ['40001', false], [undefined, false],
  ])('refusedData(%s) = %s', (code, expected) => {
    expect(refusedData(code === undefined ? new Error('ECONNREFUSED') : Object.assign(new Error('x'), { code }))).toBe(expected);
  });
});
