import { readFileSync } from 'node:fs';

/** Cumulative CPU time of the whole machine, summed over its cores, in clock ticks (Linux /proc/stat). */
export interface CpuTimes {
  /** Ticks spent running anything: user, nice, system, irq, softirq. */
  busy: number;
  /** busy plus idle and iowait. Steal (the hypervisor ran someone else) counts in neither. */
  available: number;
}

/** The machine-wide `cpu` line of /proc/stat's text; undefined when there is none. */
export function parseCpuTimes(procStat: string): CpuTimes | undefined {
  const line = procStat.split('\n').find((text) => /^cpu\s/.test(text));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  if ([user, nice, system, idle].some((value) => !Number.isFinite(value))) return undefined;
  const busy = user + nice + system + irq + softirq;
  return { busy, available: busy + idle + iowait };
}

/** Share of the machine's cores that ran something between two readings, in whole percent (0 when none passed). */
export function busyPercent(before: CpuTimes, after: CpuTimes): number {
  const available = after.available - before.available;
  return available > 0 ? Math.round(((after.busy - before.busy) / available) * 100) : 0;
}

/** This machine's CPU times now; undefined off Linux (the report then says n/a). */
export function readCpuTimes(): CpuTimes | undefined {
  try {
    return parseCpuTimes(readFileSync('/proc/stat', 'utf8'));
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
