import type { LogWakeups } from './log-wakeups';
import { ReaderPacing } from './log-wakeups';

/**
 * A stand-in listener on a fake clock: records each wait it was asked for and returns as if it timed out (the
 * clock moves by the wait). `held` says whether announced rows are still behind the horizon.
 */
function fakeWakeups(listening: boolean, tables = ['inventory.outbox']) {
  const clock = { now: 1_000 };
  const waits: number[] = [];
  let generation = 0;
  const state = { held: false };
  const wakeups = {
    isListening: listening,
    isListeningTo: (table: string) => listening && tables.includes(table),
    generation: () => generation,
    heldBack: () => state.held,
    wait: async (_table: string, _since: number, timeoutMs: number) => {
      waits.push(timeoutMs);
      clock.now += timeoutMs;
    },
    commit: () => void generation++,
  };
  return { wakeups: wakeups as unknown as LogWakeups & { commit(): void }, waits, clock, state };
}

type Step = { found: number; held?: boolean; announced?: boolean };

describe('ReaderPacing', () => {
  const signal = new AbortController().signal;

  // One turn per step: the pacing before the read, the read (events found, rows held back behind the horizon,
  // a commit announced after it), the pacing after it. Full batches are 10 events.
  it.each<{ name: string; steps: Step[]; waits: number[] }>([
    { name: 'full batches: read on at once', steps: [{ found: 10 }, { found: 10 }], waits: [] },
    { name: 'nothing ever: wait for the next commit, capped at idleMs', steps: [{ found: 0 }, { found: 0 }], waits: [1000, 1000] },
    { name: 'a partial batch with nothing held back: wait for the next commit, no empty read', steps: [{ found: 3 }, { found: 2 }], waits: [1000] },
    { name: 'a partial batch, then a commit announced: read at once', steps: [{ found: 3, announced: true }, { found: 2 }], waits: [] },
    { name: 'rows held back: recheck at 1, 2, 4 .. 32 ms', steps: Array(8).fill({ found: 0, held: true }), waits: [1, 2, 4, 8, 16, 32, 32, 32] },
    { name: 'a partial batch with rows held back: look again at once, then the ladder', steps: [{ found: 3, held: true }, { found: 0, held: true }, { found: 0, held: true }], waits: [1, 2] },
    { name: 'the ladder restarts after events', steps: [{ found: 0, held: true }, { found: 0, held: true }, { found: 3, held: true }, { found: 0, held: true }], waits: [1, 2, 1] },
    { name: 'held back no more: back to waiting for a commit', steps: [{ found: 0, held: true }, { found: 0 }], waits: [1, 1000] },
  ])('$name', async ({ steps, waits }) => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10, { ms: 0, fullBatch: 10, now: () => fake.clock.now });
    for (const step of steps) {
      await pacing.lingerBeforeRead(signal);
      pacing.beforeRead();
      fake.state.held = step.held ?? false;
      if (step.announced) fake.wakeups.commit();
      await pacing.afterRead(step.found, '100', signal);
    }
    expect(fake.waits).toEqual(waits);
  });

  it('rows held back for longer than idleMs: the recheck grows to idleMs (a bulk load holds the horizon)', async () => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10, { ms: 0, fullBatch: 10, now: () => fake.clock.now });
    fake.state.held = true;
    for (let turn = 0; turn < 60; turn++) {
      pacing.beforeRead();
      await pacing.afterRead(0, '100', signal);
    }
    expect(fake.waits.slice(0, 6)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(fake.waits.slice(-3)).toEqual([1000, 1000, 1000]);
    expect(fake.waits).toContain(64);
  });

  it('reports idle after waiting idleMs for a commit with no events, never with events in hand', async () => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10, { ms: 0, fullBatch: 10, now: () => fake.clock.now });
    pacing.beforeRead();
    expect(await pacing.afterRead(3, '100', signal)).toEqual({ idle: false }); // the events are handled first
    expect(await pacing.lingerBeforeRead(signal)).toEqual({ idle: true }); // then 1000 ms without a commit
    pacing.beforeRead();
    fake.wakeups.commit();
    expect(await pacing.afterRead(0, '100', signal)).toEqual({ idle: true }); // announced, but nothing readable for 1000 ms
    pacing.beforeRead();
    expect(await pacing.afterRead(4, '100', signal)).toEqual({ idle: false });
    fake.wakeups.commit();
    expect(await pacing.lingerBeforeRead(signal)).toEqual({ idle: false }); // a commit announced: read at once
  });

  it('polls at pollMs without a listener, and reads on after events', async () => {
    const fake = fakeWakeups(false);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 20);
    const started = performance.now();
    await pacing.afterRead(0, '100', signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    await pacing.afterRead(3, '100', signal);
    // After events, nothing holds the next read back: no linger, and no wait on the listener.
    expect(pacing.lingerRemainingMs()).toBe(0);
    expect(await pacing.lingerBeforeRead(signal)).toEqual({ idle: false });
    expect(fake.waits).toEqual([]);
  });

  it('polls a table its listener does not listen to', async () => {
    const fake = fakeWakeups(true, ['payments.outbox']);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 20);
    const started = performance.now();
    await pacing.afterRead(0, '100', signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    expect(fake.waits).toEqual([]); // never waited on the listener: no notification would come
  });

  // Each case: reads as [events found, ms spent processing them]; the linger left before the next read. A commit
  // is announced during each read, so only the linger holds the next one back.
  it.each([
    { name: 'a partial batch: the next read waits out the linger from the read', linger: 5, reads: [[3, 2]], remaining: [3] },
    { name: 'processing longer than the linger: no wait', linger: 5, reads: [[3, 8]], remaining: [0] },
    { name: 'a full batch (a backlog): read on at once', linger: 5, reads: [[10, 0]], remaining: [0] },
    { name: 'nothing found: no linger', linger: 5, reads: [[2, 0], [0, 0]], remaining: [5, 0] },
    { name: 'linger 0 never waits', linger: 0, reads: [[3, 0]], remaining: [0] },
  ])('linger: $name', async ({ linger, reads, remaining }) => {
    const fake = fakeWakeups(true);
    const pacing = new ReaderPacing('inventory.outbox', fake.wakeups, 1000, 10, { ms: linger, fullBatch: 10, now: () => fake.clock.now });
    const left: number[] = [];
    for (const [found, processingMs] of reads) {
      pacing.beforeRead();
      fake.wakeups.commit();
      await pacing.afterRead(found, '100', signal);
      fake.clock.now += processingMs;
      left.push(pacing.lingerRemainingMs());
      fake.clock.now += pacing.lingerRemainingMs();
      await pacing.lingerBeforeRead(signal);
    }
    expect(left).toEqual(remaining);
  });
});
