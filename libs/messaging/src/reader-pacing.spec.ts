import type { LogWakeups } from './log-wakeups';
import { ReaderPacing } from './log-wakeups';

/** A stand-in listener: records each wait it was asked for and returns at once, as if it timed out. */
function fakeWakeups(listening: boolean) {
  const waits: number[] = [];
  let generation = 0;
  const wakeups = {
    isListening: listening,
    generation: () => generation,
    wait: async (_table: string, _since: number, timeoutMs: number) => void waits.push(timeoutMs),
    commit: () => void generation++,
  };
  return { wakeups: wakeups as unknown as LogWakeups & { commit(): void }, waits };
}

describe('ReaderPacing', () => {
  const signal = new AbortController().signal;

  it.each([
    // events found by each read, in a row -> the waits asked of the listener (idle 1000 ms)
    { name: 'events found: read again at once', reads: [3, 4], waits: [] },
    { name: 'nothing ever: wait for the next commit, capped at idleMs', reads: [0, 0], waits: [1000, 1000] },
    { name: 'after events: recheck at 1, 2, 4 .. 32 ms, then wait for a commit', reads: [5, 0, 0, 0, 0, 0, 0, 0, 0], waits: [1, 2, 4, 8, 16, 32, 1000, 1000] },
    { name: 'events again in the middle of the ladder restart it', reads: [5, 0, 0, 2, 0], waits: [1, 2, 1] },
  ])('$name', async ({ reads, waits }) => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10);
    for (const found of reads) {
      pacing.beforeRead();
      await pacing.afterRead(found, signal);
    }
    expect(fake.waits).toEqual(waits);
  });

  it('a wake-up that finds nothing readable starts the ladder (the commit may be held back)', async () => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10);
    pacing.beforeRead();
    fake.wakeups.commit(); // a commit lands while the reader waits
    await pacing.afterRead(0, signal);
    pacing.beforeRead();
    await pacing.afterRead(0, signal);
    expect(fake.waits).toEqual([1000, 1]);
  });

  it('polls at pollMs without a listener', async () => {
    const fake = fakeWakeups(false);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 20);
    const started = performance.now();
    await pacing.afterRead(0, signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    expect(fake.waits).toEqual([]);
  });

  // Each case: reads as [events found, ms spent processing them]; the linger left before the next read.
  it.each([
    { name: 'a partial batch: the next read waits out the linger from the read', linger: 5, reads: [[3, 2]], remaining: [3] },
    { name: 'processing longer than the linger: no wait', linger: 5, reads: [[3, 8]], remaining: [0] },
    { name: 'a full batch (a backlog): read on at once', linger: 5, reads: [[10, 0]], remaining: [0] },
    { name: 'nothing found: the ladder applies, not the linger', linger: 5, reads: [[2, 0], [0, 0]], remaining: [5, 0] },
    { name: 'linger 0 never waits', linger: 0, reads: [[3, 0]], remaining: [0] },
  ])('linger: $name', async ({ linger, reads, remaining }) => {
    let clock = 1_000;
    const pacing = new ReaderPacing('inventory.outbox', fakeWakeups(true).wakeups, 1000, 10, { ms: linger, fullBatch: 10, now: () => clock });
    const left: number[] = [];
    for (const [found, processingMs] of reads) {
      pacing.beforeRead();
      await pacing.afterRead(found, signal);
      clock += processingMs;
      left.push(pacing.lingerRemainingMs());
      clock += pacing.lingerRemainingMs();
      await pacing.lingerBeforeRead(signal);
    }
    expect(left).toEqual(remaining);
  });
});
