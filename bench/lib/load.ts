/** Runs `task` with `concurrency` workers back to back until `durationMs` passes or `finished` says so (closed loop). */
export async function closedLoop(concurrency: number, durationMs: number, task: (index: number) => Promise<void>, onTick?: (done: number) => void, finished?: () => boolean): Promise<number> {
  const stopAt = Date.now() + durationMs;
  let next = 0;
  let done = 0;
  const ticker = onTick ? setInterval(() => onTick(done), 1_000) : undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < stopAt && !finished?.()) {
        await task(next++);
        done++;
      }
    }),
  );
  if (ticker) clearInterval(ticker);
  return done;
}

/** Starts `task` at a fixed rate for `durationMs` regardless of how long each takes (open loop), then waits for all. */
export async function openLoop(ratePerSecond: number, durationMs: number, task: (index: number) => Promise<void>, onTick?: (started: number) => void): Promise<number> {
  const total = Math.max(1, Math.floor((ratePerSecond * durationMs) / 1000));
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(task(index).catch(() => undefined));
    if (onTick && index % Math.max(1, Math.floor(ratePerSecond)) === 0) onTick(index);
  }
  await Promise.all(running);
  return total;
}
