/**
 * Busy and total jiffies of all cores from /proc/stat's first line: iowait counts as idle, steal (time the
 * hypervisor gave others) as busy.
 */
export function cpuTimes(procStat: string): { busy: number; total: number } | undefined {
  const line = procStat.split('\n').find((entry) => entry.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  if ([user, nice, system, idle].some((value) => !Number.isFinite(value))) return undefined;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}
