import type { LogWakeups } from './log-wakeups';
import { ReaderPacing } from './log-wakeups';

/** A stand-in listener: records the wait it was asked for and returns at once. */
function fakeWakeups(listening: boolean) {
  const waits: number[] = [];
  const wakeups = {
    isListening: listening,
    generation: () => 0,
    wait: async (_table: string, _since: number, timeoutMs: number) => void waits.push(timeoutMs),
  } as unknown as LogWakeups;
  return { wakeups, waits };
}

describe('ReaderPacing', () => {
  const signal = new AbortController().signal;

  it.each([
    // reads in a row (found, blocked) -> waits asked of the listener (idle 1000 ms); blocked rechecks sleep instead
    { name: 'events found: read again at once', reads: [[3, false]], waits: [] },
    { name: 'nothing pending: wait for the next commit', reads: [[0, false]], waits: [1000] },
    { name: 'events then nothing: one wait', reads: [[5, false], [0, false]], waits: [1000] },
    { name: 'held back behind the horizon: no listener wait', reads: [[0, true], [0, true]], waits: [] },
    { name: 'held back, then readable, then idle', reads: [[0, true], [2, false], [0, false]], waits: [1000] },
  ])('$name', async ({ reads, waits }) => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10);
    for (const [found, blocked] of reads as [number, boolean][]) {
      pacing.beforeRead();
      await pacing.afterRead({ found, blocked }, signal);
    }
    expect(fake.waits).toEqual(waits);
  });

  it('rechecks a held-back log on a doubling backoff capped at 32 ms', async () => {
    const pacing = new ReaderPacing('inventory.outbox', fakeWakeups(true).wakeups, 1000, 10);
    const slept: number[] = [];
    for (let index = 0; index < 8; index++) {
      const started = performance.now();
      await pacing.afterRead({ found: 0, blocked: true }, signal);
      slept.push(performance.now() - started);
    }
    expect(slept.at(-1)!).toBeGreaterThanOrEqual(30);
    expect(slept.at(-1)!).toBeLessThan(500);
  });

  it('polls at pollMs without a listener', async () => {
    const fake = fakeWakeups(false);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 20);
    const started = performance.now();
    await pacing.afterRead({ found: 0, blocked: false }, signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    expect(fake.waits).toEqual([]);
  });
});
