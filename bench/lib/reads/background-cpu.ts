import { busyPercent, readCpuTimes } from '../cores-busy';

/**
 * Percent of the machine busy over `ms` while our platform is idle: the work of others sharing the cores, which
 * the latencies measured next will compete with (the load average lags a minute and includes our seeding).
 * Undefined where there is no /proc/stat.
 */
export async function backgroundCpuPercent(ms = 2_000): Promise<number | undefined> {
  const before = readCpuTimes();
  if (!before) return undefined;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = readCpuTimes();
  if (!after || after.total === before.total) return undefined;
  return busyPercent(before, after);
}
