import { existsSync, readFileSync } from 'node:fs';
import { cpuTimes } from '../cpu-times';

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
