import type { PhaseResult } from './latency';
import { ModeResult, busThroughput, resultTable, verdict } from './verdict';

const phase = (eventsPerSecond: number, producedPerSecond: number, p99: number): PhaseResult => ({
  events: 1_000, eventsPerSecond, producedPerSecond, latencyMs: { count: 1_000, p50: p99 / 2, p99, max: p99 * 2 },
});
const result = (mode: ModeResult['mode'], drain: number | undefined, flatOut: number, paced: { produced: number; handled: number; p99: number }): ModeResult => ({
  mode,
  drain: drain === undefined ? undefined : phase(drain, 0, 0),
  throughput: phase(flatOut, flatOut, 100),
  latency: { ...phase(paced.handled, paced.produced, paced.p99), offeredPerSecond: 5_000 },
});

describe('verdict', () => {
  it.each([
    { name: 'postgres on target', input: result('postgres', 12_000, 4_000, { produced: 4_990, handled: 4_990, p99: 20 }), expected: { throughputOk: true, latencyOk: true, keptUp: true, offered: true } },
    { name: 'postgres too slow', input: result('postgres', 4_000, 3_000, { produced: 4_990, handled: 4_990, p99: 20 }), expected: { throughputOk: false, latencyOk: true, keptUp: true, offered: true } },
    { name: 'postgres p99 over', input: result('postgres', 12_000, 6_000, { produced: 5_000, handled: 5_000, p99: 50 }), expected: { throughputOk: true, latencyOk: false, keptUp: true, offered: true } },
    { name: 'bus fell behind', input: result('kafka', 9_000, 6_000, { produced: 5_000, handled: 4_000, p99: 20 }), expected: { throughputOk: true, latencyOk: false, keptUp: false, offered: true } },
    { name: 'load not offered', input: result('kafka', 9_000, 6_000, { produced: 3_000, handled: 3_000, p99: 20 }), expected: { throughputOk: true, latencyOk: false, keptUp: true, offered: false } },
    { name: 'debezium: p99 at the produced rate', input: result('debezium', undefined, 2_000, { produced: 3_000, handled: 2_900, p99: 320 }), expected: { throughputOk: undefined, latencyOk: true, keptUp: true, offered: false } },
    { name: 'debezium fell behind', input: result('debezium', undefined, 2_000, { produced: 3_000, handled: 2_000, p99: 320 }), expected: { throughputOk: undefined, latencyOk: false, keptUp: false, offered: false } },
  ])('$name', ({ input, expected }) => {
    expect(verdict(input)).toEqual({ mode: input.mode, ...expected });
  });

  it('takes the better of draining and flat out as the bus throughput', () => {
    expect(busThroughput(result('postgres', 12_000, 4_000, { produced: 1, handled: 1, p99: 1 }))).toBe(12_000);
    expect(busThroughput(result('debezium', undefined, 2_000, { produced: 1, handled: 1, p99: 1 }))).toBe(2_000);
  });

  it('prints one aligned row per mode with the misses marked', () => {
    const table = resultTable([result('postgres', 12_000, 4_000, { produced: 5_000, handled: 5_000, p99: 60 })]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toMatch(/^postgres\s+12000\s+4000\s+>= 5000\s+ok\s+5000 \/ 5000\s+30\s+60\s+120\s+< 50\s+MISSED$/);
  });
});
