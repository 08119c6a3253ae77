import { ProgressMeter } from './progress';

describe('ProgressMeter', () => {
  it('reports percentage and rate at most once per interval, and a final line', () => {
    let now = 0;
    const lines: string[] = [];
    const meter = new ProgressMeter('replay orders.order_events', 1_000, (line) => lines.push(line), 'events', 1_000, () => now);
    now = 500;
    meter.add(100);
    now = 1_000;
    meter.add(150);
    now = 1_500;
    meter.add(250);
    now = 2_000;
    const result = meter.finish();
    expect(lines).toEqual([
      'replay orders.order_events: 25.0% 250 of 1,000 events, 250 events/s, 1.0 s',
      'replay orders.order_events: 50.0% 500 of 1,000 events, 250 events/s, 2.0 s done',
    ]);
    expect(result).toEqual({ count: 500, seconds: 2, perSecond: 250 });
  });

  it('works without a known total', () => {
    const lines: string[] = [];
    new ProgressMeter('rows', undefined, (line) => lines.push(line), 'rows', 1_000, () => 0).finish();
    expect(lines).toEqual(['rows: 0 rows, 0 rows/s, 0.0 s done']);
  });
});
