import { El, h, px, s } from './dom';
import { eventLabel, formatClock, formatMoney } from './format';
import { DEFAULT_GANTT, TimelineEntry, ganttLayout, ganttModel } from './gantt';
import { DEFAULT_REVENUE_CHART, RevenueSeries, revenueLayout } from './revenue-chart';

/** The order's time in each state as a Gantt chart (one bar per state), and its log underneath. */
export function ganttChart(entries: TimelineEntry[], width: number): El {
  const options = { ...DEFAULT_GANTT, width };
  const geometry = ganttLayout(ganttModel(entries), options);
  const axisY = geometry.height - options.axisHeight;
  const svg = s(
    'svg',
    { class: 'gantt', viewBox: `0 0 ${width} ${geometry.height}`, width, height: geometry.height, role: 'img', 'aria-label': 'Time in each state' },
    ...geometry.ticks.map((tick) => s('line', { class: 'grid', x1: px(tick.x), x2: px(tick.x), y1: 0, y2: axisY })),
    ...geometry.ticks.map((tick) => s('text', { class: 'tick', x: px(tick.x), y: axisY + 15, 'text-anchor': 'middle' }, tick.label)),
    ...geometry.rows.flatMap((row) => [
      s('text', { class: 'state-label', x: 0, y: px(row.y + row.height / 2 + 4) }, row.state),
      s(
        'rect',
        {
          class: `gantt-bar state-${row.state.toLowerCase()} kind-${row.kind}`,
          'data-state': row.state,
          x: px(row.x),
          y: px(row.y),
          width: px(row.width),
          height: row.height,
          rx: 3,
        },
        s('title', {}, `${row.state}: ${row.caption}`),
      ),
      s(
        'text',
        {
          class: row.captionAt.inside ? 'caption inside' : 'caption',
          x: px(row.captionAt.x),
          y: px(row.y + row.height / 2 + 4),
          'text-anchor': row.captionAt.anchor,
        },
        row.caption,
      ),
    ]),
    ...geometry.events.map((event) => s('circle', { class: 'gantt-event', cx: px(event.x), cy: px(event.y), r: 3.5 }, s('title', {}, event.label))),
  );
  const log = h(
    'ol',
    { class: 'log' },
    ...entries.map((entry) =>
      h(
        'li',
        {},
        h('time', {}, formatClock(entry.at)),
        ' ',
        h('strong', {}, eventLabel(entry.type)),
        ` · ${entry.actor}`,
        entry.reason ? ` · ${entry.reason}` : '',
      ),
    ),
  );
  return h('div', {}, svg, log);
}

/** Revenue per day of one currency as bars, with money gridlines and thinned day labels. */
export function revenueChart(series: RevenueSeries, width: number): El {
  const options = { ...DEFAULT_REVENUE_CHART, width };
  const geometry = revenueLayout(series, options);
  const baseline = options.height - options.bottom;
  return s(
    'svg',
    {
      class: 'revenue',
      viewBox: `0 0 ${width} ${options.height}`,
      width,
      height: options.height,
      role: 'img',
      'aria-label': `Revenue by day in ${series.currency}`,
    },
    ...geometry.gridlines.flatMap((line) => [
      s('line', { class: 'grid', x1: options.left, x2: width - 8, y1: px(line.y), y2: px(line.y) }),
      s('text', { class: 'tick', x: options.left - 6, y: px(line.y + 4), 'text-anchor': 'end' }, formatMoney(Math.round(line.cents), series.currency)),
    ]),
    s('line', { class: 'zero', x1: options.left, x2: width - 8, y1: px(geometry.zeroY), y2: px(geometry.zeroY) }),
    ...geometry.bars
      .filter((bar) => bar.day.cents !== 0 || bar.day.orders > 0)
      .map((bar) =>
        s(
          'rect',
          {
            class: `revenue-bar${bar.day.cents < 0 ? ' negative' : ''}`,
            'data-day': bar.day.day,
            x: px(bar.x),
            y: px(bar.y),
            width: px(bar.width),
            height: px(Math.max(1, bar.height)),
            rx: 2,
          },
          s('title', {}, `${bar.day.day}: ${formatMoney(bar.day.exactCents, series.currency)} from ${bar.day.orders} order(s)`),
        ),
      ),
    ...geometry.labels.map((label) => s('text', { class: 'tick', x: px(label.x), y: baseline + 16, 'text-anchor': 'middle' }, label.text)),
  );
}
