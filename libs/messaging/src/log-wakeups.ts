import type { Notification, Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { guardSession } from './session-guard';
import { sleep } from './sleep';

/** The channel the event-log tables' statement triggers notify, with the table's qualified name as payload. */
export const LOG_CHANNEL = 'shop_event_log';

interface Waiter {
  table: string;
  since: number;
  wake: () => void;
}

/**
 * Wakes log readers when a transaction that appended to their table commits (NOTIFY is delivered only on
 * commit), so an idle reader waits on one listening session instead of polling: polling every 10 ms across
 * a dozen loops cost ~60% of a core on 2 cores while the platform did nothing, and up to 10 ms per saga hop.
 * Each table has a generation counter; a reader notes it before reading, so a commit that lands while it
 * reads is not missed. A lost session wakes everyone (a notification may have been missed) and reconnects.
 */
export class LogWakeups {
  private readonly generations = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly abort = new AbortController();
  private listening: Promise<void> = Promise.resolve();
  private connected = false;

  constructor(private readonly pool: Pool, private readonly log: Logger) {}

  /** Resolves once listening (or after the first failed attempt; readers then fall back to polling). */
  start(): Promise<void> {
    let ready!: () => void;
    const first = new Promise<void>((resolve) => (ready = resolve));
    this.listening = this.listen(ready);
    return first;
  }

  /** Whether notifications can currently arrive; without them readers poll at their fallback interval. */
  get isListening(): boolean {
    return this.connected;
  }

  generation(table: string): number {
    return this.generations.get(table) ?? 0;
  }

  /** Resolves when `table` got a commit after generation `since`, after `timeoutMs`, or on abort. */
  wait(table: string, since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.generation(table) > since || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = { table, since, wake: () => done() };
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(waiter);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.listening;
  }

  private bump(table: string | undefined): void {
    if (table === undefined) for (const key of new Set([...this.generations.keys(), ...[...this.waiters].map((waiter) => waiter.table)])) this.generations.set(key, this.generation(key) + 1);
    else this.generations.set(table, this.generation(table) + 1);
    for (const waiter of [...this.waiters]) if (this.generation(waiter.table) > waiter.since) waiter.wake();
  }

  private async listen(ready: () => void): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      let client: PoolClient | undefined;
      let unguard = () => undefined as void;
      try {
        client = await this.pool.connect();
        unguard = guardSession(client);
        const lost = new Promise<void>((resolve) => client!.once('error', () => resolve()).once('end', () => resolve()));
        client.on('notification', (message: Notification) => message.channel === LOG_CHANNEL && this.bump(message.payload));
        await client.query(`LISTEN ${LOG_CHANNEL}`);
        this.connected = true;
        this.bump(undefined); // anything committed before LISTEN took effect is read now
        ready();
        await Promise.race([lost, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
      } catch (error) {
        if (!signal.aborted) this.log.warn({ err: error }, 'event log listener lost its session; readers poll until it reconnects');
      } finally {
        this.connected = false;
        ready();
        this.bump(undefined);
        if (client) {
          const alive = await client.query(`UNLISTEN ${LOG_CHANNEL}`).then(() => true, () => false);
          client.removeAllListeners('notification');
          unguard();
          client.release(alive ? undefined : true);
        }
      }
      await sleep(500, signal);
    }
  }
}

/**
 * How a log reader waits between reads. After a read that found events it reads again at once, or, when the
 * batch was not full and a linger is set, no sooner than the linger after that read. After an empty
 * one it waits for its table's next commit, but right after activity (events read, or a wake-up) it first
 * rechecks on a short doubling ladder (1..32 ms, about 63 ms in all): a commit can stay unreadable for a moment
 * behind an older transaction still open somewhere in the cluster (see event-log-reader.ts), and that
 * transaction's end notifies nobody when it wrote no events. Past the ladder the wait for a notification is
 * capped at idleMs, the safety net for anything held back longer. (Asking the database whether committed rows
 * wait above the horizon looked cheaper, but its index probe must step over every row a long bulk transaction
 * has inserted so far, which made a seed of a million orders several times slower.)
 */
export class ReaderPacing {
  private seen = 0;
  private recheckMs = 0;
  private lingerFrom: number | undefined;

  constructor(
    private readonly table: string,
    private readonly wakeups: LogWakeups | undefined,
    /** Longest wait for a notification when nothing happened lately. */
    private readonly idleMs: number,
    /** Poll interval when there is no listener (tests without one, or while it reconnects). */
    private readonly pollMs: number,
    /**
     * After a read that found events but not a full batch (`fullBatch`), the next read comes no sooner than
     * `ms` after it: under load each read and each batch transaction then carries more events, at the cost of
     * up to `ms` per hop for events arriving right behind a batch. A full batch (a backlog) reads on at once.
     */
    private readonly linger: { ms: number; fullBatch: number; now?: () => number } = { ms: 0, fullBatch: Number.POSITIVE_INFINITY },
  ) {}

  private now(): number {
    return this.linger.now?.() ?? performance.now();
  }

  /** How long the next read should still wait for the linger, in whole ms (0: read now). */
  lingerRemainingMs(): number {
    return this.lingerFrom === undefined ? 0 : Math.max(0, Math.round(this.lingerFrom + this.linger.ms - this.now()));
  }

  /** Call at the top of each turn, before beforeRead: waits out the linger after a partial batch. */
  async lingerBeforeRead(signal: AbortSignal): Promise<void> {
    const remainingMs = this.lingerRemainingMs();
    this.lingerFrom = undefined;
    if (remainingMs > 0) await sleep(remainingMs, signal);
  }

  /** Call before each read. */
  beforeRead(): void {
    this.seen = this.wakeups?.generation(this.table) ?? 0;
  }

  /**
   * Call after each read with the number of events it returned; resolves when the next read is due, with
   * `idle` true when the reader had been waiting for a commit (not reading or rechecking lately).
   */
  async afterRead(found: number, signal: AbortSignal): Promise<{ idle: boolean }> {
    if (found > 0) {
      this.recheckMs = 1;
      this.lingerFrom = this.linger.ms > 0 && found < this.linger.fullBatch ? this.now() : undefined;
      return { idle: false };
    }
    if (!this.wakeups?.isListening) {
      await sleep(this.pollMs, signal);
      return { idle: true };
    }
    const idle = this.recheckMs === 0;
    const waitMs = idle ? this.idleMs : this.recheckMs;
    this.recheckMs = this.recheckMs > 0 && this.recheckMs < 32 ? this.recheckMs * 2 : 0;
    await this.wakeups.wait(this.table, this.seen, waitMs, signal);
    if (this.wakeups.generation(this.table) > this.seen) this.recheckMs = 1; // woken: the new rows may be held back
    return { idle };
  }
}
