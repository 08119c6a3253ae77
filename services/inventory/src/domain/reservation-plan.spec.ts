import { compareIds, planReservation, shortages } from './reservation-plan';

describe('planReservation', () => {
  it.each([
    ['sorts by numeric id, not text', [{ skuId: '10', quantity: 1 }, { skuId: '9', quantity: 2 }], [{ skuId: '9', quantity: 2 }, { skuId: '10', quantity: 1 }]],
    ['merges repeated SKUs', [{ skuId: '3', quantity: 1 }, { skuId: '3', quantity: 4 }], [{ skuId: '3', quantity: 5 }]],
    ['keeps a single line', [{ skuId: '1', quantity: 1 }], [{ skuId: '1', quantity: 1 }]],
    ['handles ids beyond 2^53', [{ skuId: '9007199254740993', quantity: 1 }, { skuId: '9007199254740992', quantity: 1 }],
      [{ skuId: '9007199254740992', quantity: 1 }, { skuId: '9007199254740993', quantity: 1 }]],
  ])('%s', (_name, lines, expected) => {
    expect(planReservation(lines)).toEqual(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses quantity %p', (quantity) => {
    expect(() => planReservation([{ skuId: '1', quantity }])).toThrow(RangeError);
  });
});

describe('compareIds', () => {
  it.each([
    ['1', '2', -1],
    ['2', '10', -1],
    ['10', '10', 0],
    ['100', '99', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareIds(a, b))).toBe(sign);
  });
});

describe('shortages', () => {
  it.each([
    ['enough stock', [{ skuId: '1', quantity: 2 }], [{ skuId: '1', available: 2 }], []],
    ['one short', [{ skuId: '1', quantity: 3 }], [{ skuId: '1', available: 2 }], [{ skuId: '1', requested: 3, available: 2 }]],
    ['unknown SKU', [{ skuId: '7', quantity: 1 }], [], [{ skuId: '7', requested: 1, available: 0 }]],
    ['negative availability is reported as 0', [{ skuId: '1', quantity: 1 }], [{ skuId: '1', available: -3 }], [{ skuId: '1', requested: 1, available: 0 }]],
  ])('%s', (_name, plan, stock, expected) => {
    expect(shortages(plan, stock)).toEqual(expected);
  });
});
