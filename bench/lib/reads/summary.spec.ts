import type { PatternResult } from './measure';
import type { PatternKey } from './patterns';
import { SizeResult, met, p99Growth, resultTable, sizeLabel } from './summary';

const result = (key: PatternKey, p99: number, errors = 0): PatternResult => ({
  key,
  name: key,
  concurrency: 8,
  perSecond: 100,
  errors,
  ms: { count: errors ? 0 : 100, p50: p99 / 2, p99, max: p99 },
});
const size = (orders: number, results: PatternResult[], skipped: SizeResult['skipped'] = {}): SizeResult => ({ orders, results, skipped });

describe('sizeLabel', () => {
  it.each([
    [10_000, '10k'],
    [1_000_000, '1M'],
    [2_500_000, '2.5M'],
    [100_000, '100k'],
    [1_500, '1.5k'],
    [1_234, '1234'],
    [999, '999'],
  ])('%i -> %s', (orders, label) => {
    expect(sizeLabel(orders)).toBe(label);
  });
});

describe('p99Growth', () => {
  it.each([
    { sizes: [size(10_000, [result('timeline', 4)]), size(1_000_000, [result('timeline', 5)])], growth: 1.25 },
    { sizes: [size(10_000, [result('timeline', 4)]), size(100_000, []), size(1_000_000, [result('timeline', 8)])], growth: 2 },
    // One size, a missing or failing measurement: no ratio rather than a misleading one.
    { sizes: [size(10_000, [result('timeline', 4)])], growth: undefined },
    { sizes: [size(10_000, [result('timeline', 4)]), size(1_000_000, [])], growth: undefined },
    { sizes: [size(10_000, [result('timeline', 4, 3)]), size(1_000_000, [result('timeline', 5)])], growth: undefined },
    // A sub-0.1 ms p99 (rounded to 0) does not divide by zero.
    { sizes: [size(10_000, [result('timeline', 0)]), size(1_000_000, [result('timeline', 0.2)])], growth: 2 },
  ])('%#', ({ sizes, growth }) => {
    expect(p99Growth(sizes, 'timeline')).toBe(growth);
  });
});

describe('met', () => {
  it.each([
    [result('availability', 4.9), 5, true],
    [result('availability', 5), 5, false],
    [result('availability', 1, 1), 5, false],
  ])('%j under %i ms: %s', (measured, target, expected) => {
    expect(met(measured, target)).toBe(expected);
  });
});

describe('resultTable', () => {
  it('puts the growth on the largest size and says what was not measured', () => {
    const table = resultTable([
      size(10_000, [result('order-detail', 4)], { 'history-later': 'no customer has more than 20 orders' }),
      size(1_000_000, [result('order-detail', 12), result('history-later', 6)]),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toContain('p99 1M/10k (<= 1.5x)');
    expect(lines).toContain('| 1 order detail | `GET /v1/orders/{id}` | 10k | 100 | 2 | 4 | < 10 ms | yes | 0 |  |');
    expect(lines).toContain('| 1 order detail | `GET /v1/orders/{id}` | 1M | 100 | 6 | 12 | < 10 ms | NO | 0 | 3x MISSED |');
    expect(table).toContain('| 10k | not measured: no customer has more than 20 orders |');
    // Every row has the header's number of cells.
    for (const line of lines) expect(line.split('|').length).toBe(lines[0].split('|').length);
  });
});
