import type { Notification, Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { guardSession } from './session-guard';
import { sleep } from './sleep';

/**
 * The channel an event-log table's statement trigger notifies (infra/sql/migrations/0005): one per table, so a
 * commit wakes only the buses that read it. Payload: the table's qualified name, the committing transaction's id
 * and, since migration 0006, the event types the statement appended, comma-separated.
 */
export function logChannel(table: string): string {
  return `shop_event_log:${table}`;
}

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
 * It also keeps the newest transaction announced per table, so a reader can tell whether rows it was told of
 * are still waiting behind the visibility horizon (heldBack) or have all been read.
 */
export class LogWakeups {
  private readonly generations = new Map<string, number>();
  private readonly announced = new Map<string, bigint>();
  /** Any transaction below this one may have committed before LISTEN took effect, unannounced. */
  private unannouncedBelow = 0n;
  private readonly waiters = new Set<Waiter>();
  private readonly abort = new AbortController();
  private listening: Promise<void> = Promise.resolve();
  private connected = false;
  private readonly tables: ReadonlySet<string>;
  /** Channel -> table, for the notifications that arrive. */
  private readonly channels: Map<string, string>;
  private notifications = 0;
  private passedOver = 0;
  /** Table -> the event types its readers take; a table not in it wakes them for any type. */
  private readonly types: ReadonlyMap<string, ReadonlySet<string>>;

  /**
   * @param tables the event-log tables whose commits should wake this bus's readers
   * @param types per table, the event types its readers take: a commit that appended none of them wakes nobody (its
   *   rows are passed at the next read anyway). Without it, or for a table it does not name, every commit wakes.
   */
  constructor(private readonly pool: Pool, private readonly log: Logger, tables: readonly string[], types: Readonly<Record<string, readonly string[]>> = {}) {
    this.tables = new Set(tables);
    this.channels = new Map([...this.tables].map((table) => [logChannel(table), table]));
    this.types = new Map(Object.entries(types).map(([table, names]) => [table, new Set(names)]));
  }

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

  /** Whether commits to `table` can currently wake its readers (a table not listened to is polled). */
  isListeningTo(table: string): boolean {
    return this.connected && this.tables.has(table);
  }

  /** Notifications received since start: only those of the tables listened to arrive. */
  get received(): number {
    return this.notifications;
  }

  /** Notifications that woke nobody: their commit appended none of the types this bus's readers take. */
  get ignored(): number {
    return this.passedOver;
  }

  generation(table: string): number {
    return this.generations.get(table) ?? 0;
  }

  /**
   * Whether a transaction announced for `table` (or one that may have committed unannounced before LISTEN) is
   * not below `horizon`, the horizon a read was bounded by: its rows were committed but not yet readable then, or
   * arrived after the read. False means the read saw everything announced so far.
   */
  heldBack(table: string, horizon: string): boolean {
    const limit = BigInt(horizon);
    return (this.announced.get(table) ?? 0n) >= limit || this.unannouncedBelow > limit;
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

  private announce(message: Notification): void {
    const table = this.channels.get(message.channel);
    if (table === undefined) return;
    this.notifications++;
    const [, txid, appended] = (message.payload ?? '').split(' ');
    const wanted = this.types.get(table);
    // An older trigger names no types: wake.
    if (wanted && appended && !appended.split(',').some((type) => wanted.has(type))) {
      this.passedOver++;
      return;
    }
    if (txid) {
      const id = BigInt(txid);
      if (id > (this.announced.get(table) ?? 0n)) this.announced.set(table, id);
    }
    this.bump(table);
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
        client.on('notification', (message: Notification) => this.announce(message));
        // Channel names hold ':' and '.', so they are quoted identifiers; one round trip for all of them.
        if (this.channels.size > 0) await client.query([...this.channels.keys()].map((channel) => `LISTEN ${client!.escapeIdentifier(channel)}`).join('; '));
        const { rows } = await client.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next');
        this.unannouncedBelow = BigInt(rows[0].next);
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
          const alive = await client.query('UNLISTEN *').then(() => true, () => false);
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
 * How a log reader waits between reads. After a full batch (a backlog) it reads on at once. Otherwise it reads
 * again when its table gets a commit (no sooner than the linger after a read that found events), and it
 * otherwise sleeps on the listener, capped at idleMs (the safety net for a lost notification), with one
 * exception: rows of an announced transaction that were still behind the visibility horizon when it read
 * (LogWakeups.heldBack). A commit can stay unreadable for a moment behind an older transaction still open
 * somewhere in the cluster (see event-log-reader.ts), whose end notifies nobody when it wrote no events, so
 * then it rechecks on a doubling ladder of 1..32 ms (growing to idleMs after idleMs held back: a bulk load can
 * hold the horizon for minutes). Rechecking after every batch whether or not anything was held back cost six
 * empty reads per batch; at moderate load that was most of the platform's work.
 */
export class ReaderPacing {
  private seen = 0;
  private recheckMs = 0;
  private heldSince = 0;
  private lastFound = Number.NEGATIVE_INFINITY;
  private lingerFrom: number | undefined;
  private afterPartial = false;
  private horizon: string | undefined;

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

  /** How long announced commits have been waiting behind the horizon, in ms (0: nothing held back now). */
  heldBackMs(): number {
    return this.recheckMs === 0 ? 0 : this.now() - this.heldSince;
  }

  /** How long the next read should still wait for the linger, in whole ms (0: read now). */
  lingerRemainingMs(): number {
    return this.lingerFrom === undefined ? 0 : Math.max(0, Math.round(this.lingerFrom + this.linger.ms - this.now()));
  }

  /**
   * Call at the top of each turn, before beforeRead: after a partial batch, waits out the linger from that read,
   * then for the table's next commit unless one was announced meanwhile or rows are still held back. `idle`:
   * it waited for a commit and nothing had been found for idleMs or longer.
   */
  async lingerBeforeRead(signal: AbortSignal): Promise<{ idle: boolean }> {
    const remainingMs = this.lingerRemainingMs();
    this.lingerFrom = undefined;
    if (remainingMs > 0) await sleep(remainingMs, signal);
    if (!this.afterPartial) return { idle: false };
    this.afterPartial = false;
    const waited = await this.waitForWork(false, signal);
    return { idle: waited && this.now() - this.lastFound >= this.idleMs };
  }

  /** Call before each read. */
  beforeRead(): void {
    this.seen = this.wakeups?.generation(this.table) ?? 0;
  }

  /**
   * Call after each read with the number of events it returned and the horizon it was bounded by. After an
   * empty read, resolves when the next read is due; after events, at once (they are processed before the next
   * turn). `idle` (after an empty read only): nothing had been found for idleMs or longer.
   */
  async afterRead(found: number, horizon: string, signal: AbortSignal): Promise<{ idle: boolean }> {
    this.horizon = horizon;
    if (found > 0) {
      this.lastFound = this.now();
      this.recheckMs = 0;
      this.afterPartial = found < this.linger.fullBatch;
      this.lingerFrom = this.linger.ms > 0 && this.afterPartial ? this.lastFound : undefined;
      return { idle: false };
    }
    this.afterPartial = false;
    await this.waitForWork(true, signal);
    return { idle: this.now() - this.lastFound >= this.idleMs };
  }

  /** Waits until the next read is due; true when that was a wait for a commit (nothing was pending). */
  private async waitForWork(afterEmptyRead: boolean, signal: AbortSignal): Promise<boolean> {
    const wakeups = this.wakeups;
    if (!wakeups?.isListeningTo(this.table)) {
      if (afterEmptyRead) await sleep(this.pollMs, signal);
      return afterEmptyRead;
    }
    if (wakeups.generation(this.table) !== this.seen) return false; // a commit was announced since the read began
    if (this.horizon !== undefined && wakeups.heldBack(this.table, this.horizon)) {
      if (!afterEmptyRead) return false; // the held rows may be readable after the batch's processing: look now
      if (this.recheckMs === 0) this.heldSince = this.now();
      const cap = this.now() - this.heldSince >= this.idleMs ? this.idleMs : 32;
      this.recheckMs = Math.min(cap, this.recheckMs === 0 ? 1 : this.recheckMs * 2);
      await wakeups.wait(this.table, this.seen, this.recheckMs, signal);
      return false;
    }
    this.recheckMs = 0;
    await wakeups.wait(this.table, this.seen, this.idleMs, signal);
    return true;
  }
}
