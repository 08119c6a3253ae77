import { EVENT_LOG_TABLES } from '@shop/contracts';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { consumerLag } from '@shop/service-kit';
import { BatchProcessor } from './batch-processor';
import { ConsumerStore } from './consumer-store';
import { EventLogReader, LogPosition, isAfter } from './event-log-reader';
import { LogWakeups, ReaderPacing } from './log-wakeups';
import type { Subscription } from './handler';
import { RetryPolicy } from './retry-policy';
import { sleep } from './sleep';

export interface PostgresConsumerOptions {
  group: string;
  pool: Pool;
  store: ConsumerStore;
  subscriptions: Subscription[];
  retry: RetryPolicy;
  log: Logger;
  batchSize?: number;
  /** Poll interval when no wake-up listener is available; a batch with events is followed at once by the next read. */
  pollMs?: number;
  /** Wakes the loops when their table gets a commit; without it they poll every pollMs. */
  wakeups?: LogWakeups;
  /** With wake-ups, the longest wait for one (a safety net for a lost notification). */
  idleMs?: number;
  /** Least gap between two reads after a partial batch (ReaderPacing); 0 reads again at once. */
  lingerMs?: number;
  /**
   * How long a position reached by passing over other groups' events (LogRead.readAllBelow) may stay unsaved;
   * the next batch's transaction or going idle saves it sooner. Losing it costs only a rescan of rows not taken.
   */
  passedSaveMs?: number;
  /** Warn when committed events have waited this long behind another session's open transaction (10 s). */
  heldBackWarnMs?: number;
}

/** Once warned of held-back events, the next warning for the same source waits this long. */
const HELD_BACK_REWARN_MS = 30_000;

/** The event-log tables a group's subscriptions read: one per producing aggregate type. */
export function logSources(subscriptions: readonly Subscription[]): string[] {
  return [...new Set(subscriptions.map((subscription) => EVENT_LOG_TABLES[subscription.contract.aggregateType]))];
}

/** The event types a group takes from one log table: its reader reads only those rows. */
export function typesFrom(subscriptions: readonly Subscription[], source: string): string[] {
  return [...new Set(subscriptions.filter((subscription) => EVENT_LOG_TABLES[subscription.contract.aggregateType] === source).map((subscription) => subscription.contract.type))].sort();
}

/** A listening session for the log tables `subscriptions` read, waking their readers only for the types they take. */
export function wakeupsFor(pool: Pool, log: Logger, subscriptions: readonly Subscription[]): LogWakeups {
  const sources = logSources(subscriptions);
  return new LogWakeups(pool, log, sources, Object.fromEntries(sources.map((source) => [source, typesFrom(subscriptions, source)])));
}

interface SourceLoop {
  reader: EventLogReader;
  processor: BatchProcessor<LogPosition>;
  position: LogPosition;
  /** A position the loop passed to without a batch transaction to save it in, and since when (performance.now()). */
  unsaved?: { since: number };
  done: Promise<void>;
}

/**
 * Embedded-mode consumer group: one loop per producer table, each reading in commit-safe order from the
 * group's checkpoint and handing batches to the BatchProcessor, which saves the checkpoint in the same
 * transaction as the effects.
 */
export class PostgresLogConsumer {
  private readonly abort = new AbortController();
  private readonly loops = new Map<string, SourceLoop>();
  private paused?: { resumed: Promise<void>; resume: () => void };

  constructor(private readonly options: PostgresConsumerOptions) {}

  get sources(): string[] {
    return logSources(this.options.subscriptions);
  }

  async start(): Promise<void> {
    const { group, pool, store } = this.options;
    for (const source of this.sources) {
      const processor = new BatchProcessor<LogPosition>({
        ...this.options,
        source,
        saveCheckpoint: (tx, position) => store.saveCheckpoint(tx, group, source, position),
        checkpointStep: (position) => store.saveCheckpointStep(group, source, position),
      });
      const loop: SourceLoop = { reader: new EventLogReader(source, typesFrom(this.options.subscriptions, source)), processor, position: await store.readCheckpoint(pool, group, source), done: Promise.resolve() };
      loop.done = this.run(source, loop);
      this.loops.set(source, loop);
    }
  }

  private async run(source: string, loop: SourceLoop): Promise<void> {
    const { pool, store, group, log } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const pacing = new ReaderPacing(source, this.options.wakeups, this.options.idleMs ?? 1_000, this.options.pollMs ?? 10, { ms: this.options.lingerMs ?? 0, fullBatch: batchSize });
    const signal = this.abort.signal;
    // Back from idle: honour a checkpoint moved ahead meanwhile (the seed moves every group past the history it
    // loads, and an operator may skip events); never move back.
    const backFromIdle = async () => {
      await this.saveLoopPosition(source, loop);
      const stored = await store.readCheckpoint(pool, group, source);
      if (isAfter(stored, loop.position)) loop.position = stored;
    };
    const passedSaveMs = this.options.passedSaveMs ?? 1_000;
    const heldBackWarnMs = this.options.heldBackWarnMs ?? 10_000;
    let warnedAt = Number.NEGATIVE_INFINITY;
    while (!signal.aborted) {
      try {
        if ((await pacing.lingerBeforeRead(signal)).idle) await backFromIdle();
        // Checked after the wait for a commit, which is where a pause usually finds the loop.
        if (this.paused) await Promise.race([this.paused.resumed, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
        if (signal.aborted) break;
        pacing.beforeRead();
        const { events, horizon, readAllBelow } = await loop.reader.read(pool, loop.position, batchSize);
        const passing = events.length === 0 && readAllBelow !== undefined;
        if (passing) {
          // Only other groups' events: pass them in memory, and save that now and then rather than with a
          // commit per transaction that wrote them.
          this.passTo(loop, readAllBelow);
          if (performance.now() - loop.unsaved!.since >= passedSaveMs) await this.saveLoopPosition(source, loop);
        }
        // Rows passed count as found for the pacing: the table is busy, not idle.
        const { idle } = await pacing.afterRead(passing ? 1 : events.length, horizon, signal);
        if (idle) await backFromIdle();
        const heldMs = pacing.heldBackMs();
        if (heldMs >= heldBackWarnMs && performance.now() - warnedAt >= HELD_BACK_REWARN_MS) {
          warnedAt = performance.now();
          // Lag counts only readable events, so this is the one sign of a whole platform waiting on one session.
          log.warn(
            { group, source, heldForSeconds: Math.round(heldMs / 1000), horizonTxid: horizon },
            'committed events are held back behind an open transaction (the oldest running one, txid horizonTxid): find it in pg_stat_activity (state "idle in transaction", backend_xid); the services\' own sessions end after 15 s of it',
          );
        }
        if (events.length === 0) continue;
        const outcome = await loop.processor.process(events.map((event) => ({ raw: event.envelope, position: event.position })));
        if (outcome.committedUpTo) {
          loop.position = outcome.committedUpTo;
          loop.unsaved = undefined; // the batch's transaction saved it
        }
        if (outcome.failed) await sleep(outcome.failed.retryInMs, signal);
        else if (readAllBelow && outcome.consumed === events.length) this.passTo(loop, readAllBelow);
      } catch (error) {
        // The database went away or the commit failed: nothing after the stored checkpoint counts, so reload it.
        log.error({ err: error, group, source }, 'consumer loop failed; retrying from the stored checkpoint');
        await sleep(1_000, signal);
        loop.position = await store.readCheckpoint(pool, group, source).catch(() => loop.position);
        loop.unsaved = undefined;
      }
    }
  }

  private passTo(loop: SourceLoop, position: LogPosition): void {
    if (!isAfter(position, loop.position)) return;
    loop.position = position;
    loop.unsaved ??= { since: performance.now() };
  }

  private async saveLoopPosition(source: string, loop: SourceLoop): Promise<void> {
    if (!loop.unsaved) return;
    await this.options.store.advanceCheckpoint(this.options.pool, this.options.group, source, loop.position);
    loop.unsaved = undefined;
  }

  /** Events committed but not yet handled, per source. */
  async lag(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const [source, loop] of this.loops) {
      result[source] = await loop.reader.lag(this.options.pool, loop.position);
      consumerLag.set({ group: this.options.group, source }, result[source]);
    }
    return result;
  }

  /** Stops reading after the batch in flight; events keep accumulating in the log until resume. */
  pause(): void {
    if (this.paused) return;
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    this.paused = { resumed, resume };
  }

  resume(): void {
    this.paused?.resume();
    this.paused = undefined;
  }

  processorFor(source: string): BatchProcessor<LogPosition> | undefined {
    return this.loops.get(source)?.processor;
  }

  /** Stops reading, waits for the batch in flight to commit, and saves a position passed to since. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all([...this.loops.values()].map((loop) => loop.done));
    await Promise.all([...this.loops].map(([source, loop]) => this.saveLoopPosition(source, loop).catch(() => undefined)));
  }
}
