import { addDays } from './format';

/** One row of GET /v1/finance/revenue. */
export interface RevenueRow {
  merchantId: string;
  day: string;
  currency: string;
  orderCount: number;
  /** Digits as the API wrote them (the dashboard's reader keeps them so: api.ts), exact past 2^53; or a number. */
  revenueCents: string | number;
}

export interface RevenueDay {
  day: string;
  /** For the bar's height. */
  cents: number;
  /** For the text. */
  exactCents: bigint;
  orders: number;
}

export interface RevenueSeries {
  currency: string;
  /** The days drawn: the last MAX_CHART_DAYS of the range at most. */
  days: RevenueDay[];
  /** Over the whole range, drawn or not; exact however large (a day is at most 38 digits, a JSON number 2^53). */
  totalCents: bigint;
  orders: number;
  /** Days of the range before the first one drawn. */
  daysNotDrawn: number;
}

/** The longest range drawn as bars; longer ranges show their last days (the table-free chart stays legible). */
export const MAX_CHART_DAYS = 62;

/**
 * One series per currency (amounts in different currencies never add up), every day of [from, to] present so a
 * quiet day shows as a gap rather than vanishing; the currency with the most revenue first.
 */
export function revenueSeries(rows: RevenueRow[], from: string, to: string): RevenueSeries[] {
  const days: string[] = [];
  for (let day = to; day >= from && days.length < MAX_CHART_DAYS; day = addDays(day, -1)) days.unshift(day);
  const rangeDays = to >= from ? Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1 : 0;
  const byCurrency = new Map<string, { slots: Map<string, RevenueDay>; totalCents: bigint; orders: number }>();
  for (const row of rows) {
    if (row.day < from || row.day > to) continue;
    const series = byCurrency.get(row.currency) ?? { slots: new Map(days.map((day) => [day, { day, cents: 0, exactCents: 0n, orders: 0 }])), totalCents: 0n, orders: 0 };
    byCurrency.set(row.currency, series);
    const cents = BigInt(row.revenueCents);
    // The headline is the whole range's, though the chart draws its last days only.
    series.totalCents += cents;
    series.orders += row.orderCount;
    const slot = series.slots.get(row.day);
    if (!slot) continue; // before the drawn days
    slot.exactCents += cents; // several merchants on one day add up
    slot.cents = Number(slot.exactCents);
    slot.orders += row.orderCount;
  }
  return [...byCurrency.entries()]
    .map(([currency, series]) => ({ currency, days: [...series.slots.values()], totalCents: series.totalCents, orders: series.orders, daysNotDrawn: rangeDays - days.length }))
    .sort((a, b) => (b.totalCents > a.totalCents ? 1 : b.totalCents < a.totalCents ? -1 : a.currency.localeCompare(b.currency)));
}

/** A round number at or above `value` (1, 2, 2.5, 5 times a power of ten), for the top of the y axis. */
export function niceCeil(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((mantissa) => mantissa * power >= value * (1 - 1e-12))!;
  return step * power;
}

export interface RevenueChartOptions {
  width: number;
  height: number;
  left: number;
  bottom: number;
  top: number;
}

export const DEFAULT_REVENUE_CHART: RevenueChartOptions = { width: 640, height: 220, left: 64, bottom: 24, top: 10 };

export interface RevenueGeometry {
  bars: { x: number; y: number; width: number; height: number; day: RevenueDay }[];
  /** Value lines in minor units; `y` of each. */
  gridlines: { y: number; cents: number }[];
  /** Where zero is (refunds can make a day negative). */
  zeroY: number;
  /** Day labels, thinned to at most about eight. */
  labels: { x: number; text: string }[];
}

/** Bar geometry of one series: zero-based, negative days hang below the zero line. */
export function revenueLayout(series: RevenueSeries, options: RevenueChartOptions = DEFAULT_REVENUE_CHART): RevenueGeometry {
  const values = series.days.map((day) => day.cents);
  const bottom = -niceCeil(-Math.min(0, ...values));
  const top = niceCeil(Math.max(0, ...values)) || (bottom < 0 ? 0 : 1); // all zero: zero sits on the axis, not the top
  const range = top - bottom;
  const plotHeight = options.height - options.top - options.bottom;
  const plotWidth = options.width - options.left - 8;
  const y = (cents: number) => options.top + ((top - cents) / range) * plotHeight;
  const slot = plotWidth / Math.max(1, series.days.length);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const zeroY = y(0);
  const bars = series.days.map((day, index) => {
    const x = options.left + index * slot + (slot - barWidth) / 2;
    const edge = y(day.cents);
    return { x, y: Math.min(edge, zeroY), width: barWidth, height: Math.abs(zeroY - edge), day };
  });
  const gridlines = [0, 0.25, 0.5, 0.75, 1].map((share) => bottom + share * range).map((cents) => ({ y: y(cents), cents }));
  const every = Math.max(1, Math.ceil(series.days.length / 8));
  const labels = series.days
    .map((day, index) => ({ index, text: day.day.slice(5) }))
    .filter(({ index }) => (series.days.length - 1 - index) % every === 0) // always label the latest day
    .map(({ index, text }) => ({ x: options.left + index * slot + slot / 2, text }));
  return { bars, gridlines, zeroY, labels };
}
