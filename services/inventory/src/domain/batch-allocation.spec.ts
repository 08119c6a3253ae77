import { allocateInOrder } from './batch-allocation';

const order = (orderId: string, ...lines: [string, number][]) => ({ orderId, plan: lines.map(([skuId, quantity]) => ({ skuId, quantity })) });

describe('allocateInOrder', () => {
  it.each([
    {
      name: 'everything fits',
      requests: [order('1', ['10', 2]), order('2', ['10', 1], ['11', 1])],
      levels: [{ skuId: '10', available: 5 }, { skuId: '11', available: 1 }],
      outcomes: ['reserved', 'reserved'],
      taken: [['10', 3], ['11', 1]],
    },
    {
      name: 'the order that would oversell is rejected, later smaller ones still fit',
      requests: [order('1', ['10', 3]), order('2', ['10', 3]), order('3', ['10', 2])],
      levels: [{ skuId: '10', available: 5 }],
      outcomes: ['reserved', 'rejected', 'reserved'],
      taken: [['10', 5]],
    },
    {
      name: 'all or nothing: a short second line leaves the first line untouched',
      requests: [order('1', ['10', 1], ['11', 2]), order('2', ['10', 4])],
      levels: [{ skuId: '10', available: 4 }, { skuId: '11', available: 1 }],
      outcomes: ['rejected', 'reserved'],
      taken: [['10', 4]],
    },
    {
      name: 'an unknown SKU rejects the order',
      requests: [order('1', ['99', 1])],
      levels: [],
      outcomes: ['rejected'],
      taken: [],
    },
    {
      name: 'an order decided before, or twice in the run, changes nothing',
      requests: [order('7', ['10', 1]), order('1', ['10', 1]), order('1', ['10', 1])],
      levels: [{ skuId: '10', available: 1 }],
      outcomes: ['already', 'reserved', 'already'],
      taken: [['10', 1]],
    },
    {
      name: 'a sold-out SKU: first come, first served',
      requests: [order('1', ['10', 1]), order('2', ['10', 1]), order('3', ['10', 1])],
      levels: [{ skuId: '10', available: 2 }],
      outcomes: ['reserved', 'reserved', 'rejected'],
      taken: [['10', 2]],
    },
  ])('$name', ({ requests, levels, outcomes, taken }) => {
    const result = allocateInOrder(requests, levels, new Set(['7']));
    expect(result.decisions.map((decision) => decision.outcome)).toEqual(outcomes);
    expect(result.taken).toEqual(taken.map(([skuId, quantity]) => ({ skuId, quantity })));
  });

  it('reports what was short and the reason', () => {
    const { decisions } = allocateInOrder([order('1', ['10', 3])], [{ skuId: '10', available: 2 }], new Set());
    expect(decisions[0]).toEqual({ orderId: '1', outcome: 'rejected', reason: 'OUT_OF_STOCK', shortages: [{ skuId: '10', requested: 3, available: 2 }] });
  });
});
