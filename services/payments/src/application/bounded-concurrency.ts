/**
 * Runs `work` over `items` in order, at most `concurrency` at a time, and starts no further item once `stop()`
 * is true (those under way finish). Returns how many items were started. `work` must not reject.
 */
export async function runBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop()) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return next;
}
