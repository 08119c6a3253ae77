/** Date arithmetic on UTC days ('YYYY-MM-DD'), kept pure for the revenue windows. */

const DAY_MS = 86_400_000;

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A window of `days` days (inclusive, as the revenue query counts `from` and `to`) ending `back` days before
 * `last`, never starting before `first`; undefined when the data spans fewer days than the window.
 */
export function dayWindow(first: string, last: string, days: number, back: number): { from: string; to: string } | undefined {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  const latestBack = Math.floor((end - start) / DAY_MS) - (days - 1);
  if (!Number.isFinite(latestBack) || latestBack < 0) return undefined;
  const to = end - Math.min(Math.max(0, back), latestBack) * DAY_MS;
  return { from: toDay(to - (days - 1) * DAY_MS), to: toDay(to) };
}
