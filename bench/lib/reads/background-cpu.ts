import { existsSync, readFileSync } from 'node:fs';

/** Busy and total jiffies of all cores from /proc/stat's first line (iowait counts as idle). */
export function cpuTimes(procStat: string): { busy: number; total: number } | undefined {
  const line = procStat.split('\n').find((entry) => entry.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  if ([user, nice, system, idle].some((value) => !Number.isFinite(value))) return undefined;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Percent of the machine busy over `ms` while our platform is idle: the work of others sharing the cores, which
 * the latencies measured next will compete with (the load average lags a minute and includes our seeding).
 * Undefined where there is no /proc/stat.
 */
export async function backgroundCpuPercent(ms = 2_000): Promise<number | undefined> {
  if (!existsSync('/proc/stat')) return undefined;
  const before = cpuTimes(readFileSync('/proc/stat', 'utf8'));
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes(readFileSync('/proc/stat', 'utf8'));
  if (!before || !after || after.total === before.total) return undefined;
  return Math.round((100 * (after.busy - before.busy)) / (after.total - before.total));
}
