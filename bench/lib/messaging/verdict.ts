import type { PhaseResult } from './latency';
import type { BenchMode } from './options';

/** The issue's targets on the 2-core machine; undefined means no target for that measure. */
export const TARGETS: Record<BenchMode, { eventsPerSecond?: number; p99Ms: number }> = {
  postgres: { eventsPerSecond: 5_000, p99Ms: 50 },
  kafka: { eventsPerSecond: 5_000, p99Ms: 200 },
  debezium: { p99Ms: 500 },
};

export interface ModeResult {
  mode: BenchMode;
  /** The bus alone working off a backlog (no producers competing for the 2 cores); absent in debezium mode. */
  drain?: PhaseResult;
  /** Producers flat out and the bus at the same time, end to end. */
  throughput: PhaseResult;
  latency: PhaseResult & { offeredPerSecond: number };
}

export interface Verdict {
  mode: BenchMode;
  throughputOk: boolean | undefined;
  latencyOk: boolean;
  /** The bus handled what the producers committed in the paced phase (within 5%). */
  keptUp: boolean;
  /** The producers reached the offered rate (within 5%); the machine is shared, so this can fail on its own. */
  offered: boolean;
}

/** The bus's throughput: the better of draining a backlog and keeping up with producers flat out. */
export function busThroughput(result: ModeResult): number {
  return Math.max(result.drain?.eventsPerSecond ?? 0, result.throughput.eventsPerSecond);
}

/**
 * Throughput: what the bus sustained (busThroughput). Latency: p99 of the paced phase, which only counts if the
 * bus kept up with what was produced, and, for modes with a throughput target, if that was the offered rate
 * (the p99 target is meant at that load). Debezium's target is a p99 alone, at whatever rate was produced.
 */
export function verdict(result: ModeResult): Verdict {
  const target = TARGETS[result.mode];
  const { offeredPerSecond, producedPerSecond, eventsPerSecond } = result.latency;
  const keptUp = eventsPerSecond >= 0.95 * producedPerSecond;
  const offered = producedPerSecond >= 0.95 * offeredPerSecond;
  return {
    mode: result.mode,
    throughputOk: target.eventsPerSecond === undefined ? undefined : busThroughput(result) >= target.eventsPerSecond,
    latencyOk: keptUp && (offered || target.eventsPerSecond === undefined) && result.latency.latencyMs.p99 < target.p99Ms,
    keptUp,
    offered,
  };
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'ok' : 'MISSED');

/** The table printed at the end of a run. */
export function resultTable(results: ModeResult[]): string {
  const header = ['mode', 'drain ev/s', 'flat out ev/s', 'target', '', 'paced produced/handled ev/s', 'p50 ms', 'p99 ms', 'max ms', 'p99 target', ''];
  const rows = results.map((result) => {
    const target = TARGETS[result.mode];
    const check = verdict(result);
    return [
      result.mode,
      result.drain ? String(result.drain.eventsPerSecond) : '-',
      String(result.throughput.eventsPerSecond),
      target.eventsPerSecond ? `>= ${target.eventsPerSecond}` : '-',
      mark(check.throughputOk),
      `${result.latency.producedPerSecond} / ${result.latency.eventsPerSecond}${check.offered ? '' : ` (of ${result.latency.offeredPerSecond} offered)`}${check.keptUp ? '' : ' FELL BEHIND'}`,
      String(result.latency.latencyMs.p50),
      String(result.latency.latencyMs.p99),
      String(result.latency.latencyMs.max),
      `< ${target.p99Ms}`,
      mark(check.latencyOk),
    ];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
