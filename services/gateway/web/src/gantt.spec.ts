import { DEFAULT_GANTT, GanttModel, TimelineEntry, ganttLayout, ganttModel, tickStep } from './gantt';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const entry = (type: string, fromStatus: string | null, toStatus: string | null, seconds: number, secondsInState: number | null): TimelineEntry => ({
  type,
  fromStatus,
  toStatus,
  at: at(seconds),
  actor: 'system:saga',
  reason: null,
  secondsInState,
});

const placed = entry('orders.order-placed', null, 'PENDING', 0, 2);
const reserved = entry('orders.inventory-reserved', null, null, 0.5, null);
const requested = entry('orders.payment-requested', null, null, 0.6, null);
const confirmed = entry('orders.order-confirmed', 'PENDING', 'CONFIRMED', 2, 60);

describe('ganttModel', () => {
  it.each<[string, TimelineEntry[], [string, number, number, string][], number]>([
    ['an order still pending', [entry('orders.order-placed', null, 'PENDING', 0, 30)], [['PENDING', 0, 30, 'open']], 0],
    [
      'confirmed: pending closed, confirmed open',
      [placed, reserved, requested, confirmed],
      [
        ['PENDING', 0, 2, 'closed'],
        ['CONFIRMED', 2, 62, 'open'],
      ],
      2,
    ],
    [
      'shipped then delivered: delivered is terminal and has no length',
      [placed, confirmed, entry('s', 'CONFIRMED', 'SHIPPED', 5, 10), entry('d', 'SHIPPED', 'DELIVERED', 15, null)],
      [
        ['PENDING', 0, 2, 'closed'],
        ['CONFIRMED', 2, 62, 'closed'],
        ['SHIPPED', 5, 15, 'closed'],
        ['DELIVERED', 15, 15, 'terminal'],
      ],
      0,
    ],
    [
      'a decline is an event in PENDING, not a state',
      [entry('p', null, 'PENDING', 0, 9), entry('orders.payment-declined', 'PENDING', 'PENDING', 4, null), entry('c', 'PENDING', 'CANCELLED', 9, null)],
      [
        ['PENDING', 0, 9, 'closed'],
        ['CANCELLED', 9, 9, 'terminal'],
      ],
      1,
    ],
    ['no entries', [], [], 0],
    ['an unparseable time is left out', [{ ...placed, at: 'yesterday' }], [], 0],
  ])('%s', (_name, entries, bars, events) => {
    const model = ganttModel(entries);
    expect(model.bars.map((bar) => [bar.state, (bar.startMs - T0) / 1000, (bar.endMs - T0) / 1000, bar.kind])).toEqual(bars);
    expect(model.events).toHaveLength(events);
  });

  it('puts saga steps on the row of the state they happened in, labelled readably', () => {
    expect(ganttModel([placed, reserved, requested, confirmed]).events).toEqual([
      { label: 'inventory reserved', atMs: T0 + 500, row: 0 },
      { label: 'payment requested', atMs: T0 + 600, row: 0 },
    ]);
  });

  it('spans from the first to the last moment recorded', () => {
    const model = ganttModel([placed, confirmed]);
    expect([model.startMs - T0, model.endMs - T0]).toEqual([0, 62_000]);
  });
});

describe('tickStep', () => {
  it.each([
    [500, 100],
    [1_000, 250],
    [4_000, 1_000],
    [62_000, 15_000],
    [3_600_000, 900_000],
    [30 * 86_400_000, 604_800_000],
    [400 * 86_400_000, 80 * 86_400_000],
  ])('%d ms -> %d ms', (span, step) => {
    expect(tickStep(span)).toBe(step);
  });
});

describe('ganttLayout', () => {
  const options = { ...DEFAULT_GANTT, width: 500, labelWidth: 100, rowHeight: 20, axisHeight: 20, minBarWidth: 6, charWidth: 6 }; // plot: x 100..492
  const model = (bars: [string, number, number, 'closed' | 'open' | 'terminal'][]): GanttModel => {
    const list = bars.map(([state, start, end, kind]) => ({ state, startMs: T0 + start * 1000, endMs: T0 + end * 1000, kind }));
    return { bars: list, events: [], startMs: Math.min(...list.map((bar) => bar.startMs)), endMs: Math.max(...list.map((bar) => bar.endMs)) };
  };

  it.each<[string, GanttModel, [number, number, number, string][]]>([
    [
      'bars share the plot in proportion to their time',
      model([
        ['PENDING', 0, 2, 'closed'],
        ['CONFIRMED', 2, 8, 'open'],
      ]),
      [
        [100, 98, 4, '2 s'],
        [198, 294, 24, 'now, 6 s'],
      ],
    ],
    [
      'a terminal state gets the minimum width, kept inside the plot',
      model([
        ['PENDING', 0, 4, 'closed'],
        ['CANCELLED', 4, 4, 'terminal'],
      ]),
      [
        [100, 392, 4, '4 s'],
        [486, 6, 24, 'final'],
      ],
    ],
    ['an instant timeline is drawn on a one-second axis', model([['CANCELLED', 0, 0, 'terminal']]), [[100, 6, 4, 'final']]],
  ])('%s', (_name, input, rows) => {
    const geometry = ganttLayout(input, options);
    expect(geometry.rows.map((row) => [Math.round(row.x), Math.round(row.width), row.y, row.caption])).toEqual(rows);
    expect(geometry.height).toBe(input.bars.length * 20 + 20);
  });

  it('labels the axis from 0 at the left edge', () => {
    const ticks = ganttLayout(model([['PENDING', 0, 8, 'open']]), options).ticks;
    expect(ticks.map((tick) => tick.label)).toEqual(['0', '+2 s', '+4 s', '+6 s', '+8 s']);
    expect(ticks[0].x).toBe(100);
    expect(ticks.at(-1)!.x).toBeCloseTo(492);
  });

  // Captions need length x 6 + 12 px: `2 s` 30, `final` 42, `now, 6 s` 60.
  it.each<[string, GanttModel, [number, 'start' | 'end', boolean][]]>([
    [
      'inside a bar wide enough',
      model([
        ['PENDING', 0, 2, 'closed'],
        ['CONFIRMED', 2, 8, 'open'],
      ]),
      [
        [106, 'start', true],
        [204, 'start', true],
      ],
    ],
    [
      'right of a narrow bar with room after it',
      model([
        ['PENDING', 0, 0.1, 'closed'],
        ['CONFIRMED', 0.1, 8, 'open'],
      ]),
      [
        [112, 'start', false],
        [111, 'start', true],
      ],
    ],
    [
      'left of a narrow bar at the end of the plot',
      model([
        ['PENDING', 0, 8, 'closed'],
        ['CANCELLED', 8, 8, 'terminal'],
      ]),
      [
        [106, 'start', true],
        [480, 'end', false],
      ],
    ],
  ])('puts captions %s', (_name, input, captions) => {
    expect(ganttLayout(input, options).rows.map((row) => [Math.round(row.captionAt.x), row.captionAt.anchor, row.captionAt.inside])).toEqual(captions);
  });

  it('puts saga step markers on the bottom edge of the bar they happened in', () => {
    const withEvents = {
      ...model([
        ['PENDING', 0, 2, 'closed'],
        ['CONFIRMED', 2, 8, 'open'],
      ]),
      events: [{ label: 'payment requested', atMs: T0 + 1000, row: 0 }],
    };
    expect(ganttLayout(withEvents, options).events).toEqual([{ x: 149, y: 16, label: 'payment requested' }]); // bar: y 4..16
  });

  it('one row per bar even when a state repeats', () => {
    expect(
      ganttLayout(
        model([
          ['PENDING', 0, 1, 'closed'],
          ['PENDING', 1, 2, 'open'],
        ]),
        options,
      ).rows,
    ).toHaveLength(2);
  });
});
