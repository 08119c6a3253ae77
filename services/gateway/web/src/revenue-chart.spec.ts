import { DEFAULT_REVENUE_CHART, MAX_CHART_DAYS, RevenueRow, RevenueSeries, niceCeil, revenueLayout, revenueSeries } from './revenue-chart';

const row = (day: string, revenueCents: number | string, orderCount = 1, currency = 'USD', merchantId = '77'): RevenueRow => ({
  merchantId,
  day,
  currency,
  orderCount,
  revenueCents,
});

describe('revenueSeries', () => {
  it.each<[string, RevenueRow[], string, string, [string, [string, number, number][]][]]>([
    ['no rows: no series', [], '2030-01-01', '2030-01-03', []],
    [
      'quiet days are present as zero',
      [row('2030-01-02', 500, 2)],
      '2030-01-01',
      '2030-01-03',
      [
        [
          'USD',
          [
            ['2030-01-01', 0, 0],
            ['2030-01-02', 500, 2],
            ['2030-01-03', 0, 0],
          ],
        ],
      ],
    ],
    [
      'merchants on the same day add up',
      [row('2030-01-01', 500, 1, 'USD', '1'), row('2030-01-01', 700, 2, 'USD', '2')],
      '2030-01-01',
      '2030-01-01',
      [['USD', [['2030-01-01', 1200, 3]]]],
    ],
    [
      'currencies never mix; the biggest comes first',
      [row('2030-01-01', 100, 1, 'EUR'), row('2030-01-01', 900, 1, 'USD')],
      '2030-01-01',
      '2030-01-01',
      [
        ['USD', [['2030-01-01', 900, 1]]],
        ['EUR', [['2030-01-01', 100, 1]]],
      ],
    ],
    ['a refund can make a day negative', [row('2030-01-01', -300, 0)], '2030-01-01', '2030-01-01', [['USD', [['2030-01-01', -300, 0]]]]],
    ['rows outside the range are ignored', [row('2029-12-31', 999)], '2030-01-01', '2030-01-01', []],
  ])('%s', (_name, rows, from, to, expected) => {
    expect(revenueSeries(rows, from, to).map((series) => [series.currency, series.days.map((day) => [day.day, day.cents, day.orders])])).toEqual(expected);
  });

  it(`draws at most the last ${MAX_CHART_DAYS} days of a long range`, () => {
    const days = revenueSeries([row('2030-12-31', 1)], '2030-01-01', '2030-12-31')[0].days;
    expect(days).toHaveLength(MAX_CHART_DAYS);
    expect(days.at(-1)!.day).toBe('2030-12-31');
  });

  it.each<[string, RevenueRow[], string, string, Partial<RevenueSeries>[]]>([
    ['a short range, all drawn', [row('2030-01-02', 500, 2), row('2030-01-03', 100)], '2030-01-01', '2030-01-03', [{ totalCents: 600n, orders: 3, daysNotDrawn: 0 }]],
    [
      'a year: the total and orders cover days the chart does not draw',
      [row('2030-01-05', 1_000, 4), row('2030-12-31', 250, 1)],
      '2030-01-01',
      '2030-12-31',
      [{ totalCents: 1_250n, orders: 5, daysNotDrawn: 365 - MAX_CHART_DAYS }],
    ],
    [
      'sums past 2^53 exactly, from the digits the API sent',
      [row('2030-01-01', '9007199254740993', 1), row('2030-01-02', '9007199254740993', 1), row('2030-01-02', -1, 0)],
      '2030-01-01',
      '2030-01-02',
      [{ totalCents: 18014398509481985n, orders: 2 }],
    ],
    [
      'each currency its own total',
      [row('2030-01-05', 1_000, 4, 'EUR'), row('2030-12-31', 250, 1, 'USD')],
      '2030-01-01',
      '2030-12-31',
      [{ currency: 'EUR', totalCents: 1_000n, orders: 4 }, { currency: 'USD', totalCents: 250n, orders: 1 }],
    ],
  ])('totals %s', (_what, rows, from, to, expected) => {
    expect(revenueSeries(rows, from, to)).toEqual(expected.map((series) => expect.objectContaining(series)));
  });
});

describe('niceCeil', () => {
  it.each([
    [0, 0],
    [-5, 0],
    [1, 1],
    [7, 10],
    [1999, 2000],
    [2001, 2500],
    [2600, 5000],
    [5997, 10000],
    [0.3, 0.5],
  ])('%d -> %d', (value, nice) => {
    expect(niceCeil(value)).toBeCloseTo(nice);
  });
});

describe('revenueLayout', () => {
  const options = { ...DEFAULT_REVENUE_CHART, width: 408, height: 120, left: 0, top: 0, bottom: 20 }; // plot: 400 x 100
  const series = (cents: number[]): RevenueSeries => ({
    currency: 'USD',
    totalCents: BigInt(cents.reduce((a, b) => a + b, 0)),
    orders: cents.length,
    daysNotDrawn: 0,
    days: cents.map((value, index) => ({ day: `2030-01-0${index + 1}`, cents: value, exactCents: BigInt(value), orders: 1 })),
  });

  it.each<[string, number[], number, [number, number][]]>([
    [
      'bars grow up from zero against a round top',
      [1000, 2000, 0, 500],
      100,
      [
        [50, 50],
        [0, 100],
        [100, 0],
        [75, 25],
      ],
    ],
    [
      'a negative day hangs below the zero line',
      [1000, -1000],
      50,
      [
        [0, 50],
        [50, 50],
      ],
    ],
    [
      'all zero stays flat on the axis',
      [0, 0],
      100,
      [
        [100, 0],
        [100, 0],
      ],
    ],
  ])('%s', (_name, cents, zeroY, bars) => {
    const geometry = revenueLayout(series(cents), options);
    expect(geometry.zeroY).toBeCloseTo(zeroY);
    expect(geometry.bars.map((bar) => [Math.round(bar.y), Math.round(bar.height)])).toEqual(bars);
  });

  it('spaces bars evenly and keeps them at most 40 px wide', () => {
    const bars = revenueLayout(series([1, 2]), options).bars;
    expect(bars.map((bar) => [bar.x, bar.width])).toEqual([
      [80, 40],
      [280, 40],
    ]);
  });

  it('thins the day labels but always labels the latest day', () => {
    const long = series(Array.from({ length: 20 }, () => 100)).days.map((day, index) => ({ ...day, day: `2030-01-${String(index + 1).padStart(2, '0')}` }));
    const labels = revenueLayout({ currency: 'USD', totalCents: 2000n, orders: 20, daysNotDrawn: 0, days: long }, options).labels.map((label) => label.text);
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels.at(-1)).toBe('01-20');
  });

  it('has five gridlines from the bottom to the top value', () => {
    expect(revenueLayout(series([0, 2000]), options).gridlines.map((line) => line.cents)).toEqual([0, 500, 1000, 1500, 2000]);
  });
});
