import { readFileSync } from 'node:fs';
import { cpuTimes } from './cpu-times';

/** Cumulative CPU time of the whole machine, summed over its cores (cpuTimes of /proc/stat). */
export type CpuTimes = NonNullable<ReturnType<typeof cpuTimes>>;

/** Share of the machine's cores that ran something between two readings, in whole percent (0 when none passed). */
export function busyPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 100) : 0;
}

/** This machine's CPU times now; undefined off Linux (the report then says n/a). */
export function readCpuTimes(): CpuTimes | undefined {
  try {
    return cpuTimes(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * How busy the cores were while `work` ran: the latency phases are read against it, since an open loop at 70% of
 * the maximum rate can keep the cores as busy as the maximum does (smaller batches cost more per order).
 */
export async function measureCoresBusy<T>(work: () => Promise<T>): Promise<{ result: T; coresBusyPercent: number | undefined }> {
  const before = readCpuTimes();
  const result = await work();
  const after = readCpuTimes();
  return { result, coresBusyPercent: before && after ? busyPercent(before, after) : undefined };
}

/** The report's cell: `max rate 98%, 10% 41%, 50% 93%, 70% 97%` (n/a for a phase measured off Linux). */
export function coresBusyCell(maxRatePercent: number | undefined, phases: { percentOfMax: number; coresBusyPercent: number | undefined }[]): string {
  const shown = (percent: number | undefined) => (percent === undefined ? 'n/a' : `${percent}%`);
  return [`max rate ${shown(maxRatePercent)}`, ...phases.map((phase) => `${phase.percentOfMax}% ${shown(phase.coresBusyPercent)}`)].join(', ');
}
