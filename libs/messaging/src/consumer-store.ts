import type { EventEnvelope } from '@shop/contracts';
import { NamedQuery, PipelineStep, Queryable, Tx, run, runCount, runOne, sql } from '@shop/postgres';
import { LOG_START, LogPosition } from './event-log-reader';

export type DeadLetterOrder = 'oldest' | 'newest';

/** A dead letter as stored: the event, why it failed and how often it was tried. */
export interface DeadLetter {
  id: string;
  consumerGroup: string;
  source: string;
  eventId: string;
  eventType: string;
  aggregateId: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  failedAt: Date;
}

/**
 * The consumer-side tables of one service schema: inbox (processed event ids), checkpoints and dead letters.
 * Inbox rows and checkpoints are written in the same transaction as the handler's effect.
 */
export class ConsumerStore {
  private readonly q: Record<string, NamedQuery>;

  constructor(readonly schema: string) {
    const s = schema;
    this.q = {
      markProcessed: sql(`${s}.inbox.mark`, `INSERT INTO ${s}.inbox (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`),
      markProcessedMany: sql(
        `${s}.inbox.mark_many`,
        `INSERT INTO ${s}.inbox (consumer_group, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id::text`,
      ),
      ensureCheckpoint: sql(`${s}.checkpoint.ensure`, `INSERT INTO ${s}.consumer_checkpoints (consumer_group, source) VALUES ($1, $2) ON CONFLICT DO NOTHING`),
      readCheckpoint: sql(`${s}.checkpoint.read`, `SELECT last_txid::text AS txid, last_id::text AS id FROM ${s}.consumer_checkpoints WHERE consumer_group = $1 AND source = $2`),
      lockCheckpoint: sql(
        `${s}.checkpoint.lock`,
        `SELECT last_txid::text AS txid, last_id::text AS id FROM ${s}.consumer_checkpoints WHERE consumer_group = $1 AND source = $2 FOR UPDATE SKIP LOCKED`,
      ),
      saveCheckpoint: sql(
        `${s}.checkpoint.save`,
        `UPDATE ${s}.consumer_checkpoints SET last_txid = $3::xid8, last_id = $4, updated_at = now() WHERE consumer_group = $1 AND source = $2`,
      ),
      advanceCheckpoint: sql(
        `${s}.checkpoint.advance`,
        // Only forward: an operator or the seed may have moved the checkpoint further meanwhile.
        `UPDATE ${s}.consumer_checkpoints SET last_txid = $3::xid8, last_id = $4, updated_at = now()
          WHERE consumer_group = $1 AND source = $2 AND (last_txid, last_id) < ($3::xid8, $4::bigint)`,
      ),
      deadLetter: sql(
        `${s}.dead_letters.insert`,
        `INSERT INTO ${s}.dead_letters (consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      ),
      pendingDeadLetters: sql(
        `${s}.dead_letters.pending`,
        `SELECT id, consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts, failed_at
           FROM ${s}.dead_letters WHERE redriven_at IS NULL AND ($1::text IS NULL OR consumer_group = $1) ORDER BY id LIMIT $2`,
      ),
      newestDeadLetters: sql(
        `${s}.dead_letters.newest`,
        `SELECT id, consumer_group, source, event_id, event_type, aggregate_id, envelope, error, attempts, failed_at
           FROM ${s}.dead_letters WHERE redriven_at IS NULL AND ($1::text IS NULL OR consumer_group = $1) ORDER BY id DESC LIMIT $2`,
      ),
      markRedriven: sql(`${s}.dead_letters.redriven`, `UPDATE ${s}.dead_letters SET redriven_at = now() WHERE id = $1 AND redriven_at IS NULL`),
      deadLetterCount: sql(`${s}.dead_letters.count`, `SELECT count(*)::int AS n FROM ${s}.dead_letters WHERE redriven_at IS NULL AND consumer_group = $1`),
      pruneInbox: sql<{ scanned: number; deleted: number }>(
        `${s}.inbox.prune`,
        // The oldest rows first, taken through inbox_processed_at_idx and limited before anything else: filtered in
        // the same scan, the planner hashed the pending dead letters and read every prunable row for each batch. A
        // row whose event still has a pending dead letter stays: a redrive interrupted after its handler committed
        // finds that row next time and only marks the letter.
        `WITH candidates AS MATERIALIZED (
           SELECT consumer_group, event_id FROM ${s}.inbox
            WHERE processed_at < now() - make_interval(days => $1) ORDER BY processed_at LIMIT $2),
         deleted AS (
           DELETE FROM ${s}.inbox AS i USING candidates AS c
            WHERE i.consumer_group = c.consumer_group AND i.event_id = c.event_id
              AND NOT EXISTS (SELECT 1 FROM ${s}.dead_letters AS d
                               WHERE d.redriven_at IS NULL AND d.consumer_group = c.consumer_group AND d.event_id = c.event_id)
           RETURNING 1)
         SELECT (SELECT count(*) FROM candidates)::int AS scanned, (SELECT count(*) FROM deleted)::int AS deleted`,
      ),
    };
  }

  /** Records the event as processed by `group`; false when it already was (a duplicate delivery). */
  async markProcessed(tx: Tx, group: string, eventId: string): Promise<boolean> {
    return (await runCount(tx, this.q.markProcessed, [group, eventId])) === 1;
  }

  /**
   * markProcessed for a whole batch in one statement, as a pipeline step sent with the batch's BEGIN; its rows (read
   * them with freshIdsOf) are the ids (lower case) that were new. An id that appears twice in `eventIds` is returned
   * once, so only its first delivery may be handled.
   */
  markProcessedManyStep(group: string, eventIds: string[]): PipelineStep {
    return { query: this.q.markProcessedMany, values: [group, eventIds] };
  }

  /** The event ids markProcessedManyStep's statement inserted (the others were processed before). */
  static freshIdsOf(rows: { event_id: string }[]): Set<string> {
    return new Set(rows.map((row) => row.event_id));
  }

  /** saveCheckpoint as a pipeline step, for sending with the COMMIT in one round trip (runPipelined). */
  saveCheckpointStep(group: string, source: string, position: LogPosition): PipelineStep {
    return { query: this.q.saveCheckpoint, values: [group, source, position.txid, position.id] };
  }

  async readCheckpoint(db: Queryable, group: string, source: string): Promise<LogPosition> {
    await run(db, this.q.ensureCheckpoint, [group, source]);
    const row = await runOne<{ txid: string; id: string }>(db, this.q.readCheckpoint as NamedQuery<{ txid: string; id: string }>, [group, source]);
    return row ?? LOG_START;
  }

  /** Locks the checkpoint row for this transaction; undefined when another process holds it (it is the leader). */
  async lockCheckpoint(tx: Tx, group: string, source: string): Promise<LogPosition | undefined> {
    await run(tx, this.q.ensureCheckpoint, [group, source]);
    return runOne<{ txid: string; id: string }>(tx, this.q.lockCheckpoint as NamedQuery<{ txid: string; id: string }>, [group, source]);
  }

  async saveCheckpoint(tx: Queryable, group: string, source: string, position: LogPosition): Promise<void> {
    await run(tx, this.q.saveCheckpoint, [group, source, position.txid, position.id]);
  }

  /** Moves the checkpoint to `position` unless it is there or further already; outside any batch transaction. */
  async advanceCheckpoint(db: Queryable, group: string, source: string, position: LogPosition): Promise<void> {
    await run(db, this.q.advanceCheckpoint, [group, source, position.txid, position.id]);
  }

  /** Stores the message as it arrived (`raw`), so a poison message is kept byte for byte for inspection. */
  async deadLetter(tx: Tx, group: string, source: string, meta: Pick<EventEnvelope, 'eventId' | 'type' | 'aggregateId'>, raw: unknown, error: string, attempts: number): Promise<void> {
    await run(tx, this.q.deadLetter, [group, source, meta.eventId, meta.type, meta.aggregateId, JSON.stringify(raw ?? null), error.slice(0, 4000), attempts]);
  }

  /** The oldest pending letters first (the order a redrive takes them in), or the newest first for a screen. */
  async pendingDeadLetters(db: Queryable, group: string | null, limit = 1000, order: DeadLetterOrder = 'oldest'): Promise<DeadLetter[]> {
    const query = order === 'newest' ? this.q.newestDeadLetters : this.q.pendingDeadLetters;
    const rows = await run<Record<string, never>>(db, query as NamedQuery<Record<string, never>>, [group, limit]);
    return rows.map((row: Record<string, unknown>) => ({
      id: String(row.id),
      consumerGroup: String(row.consumer_group),
      source: String(row.source),
      eventId: String(row.event_id),
      eventType: String(row.event_type),
      aggregateId: String(row.aggregate_id),
      envelope: row.envelope as EventEnvelope,
      error: String(row.error),
      attempts: Number(row.attempts),
      failedAt: row.failed_at as Date,
    }));
  }

  async markRedriven(tx: Tx, id: string): Promise<boolean> {
    return (await runCount(tx, this.q.markRedriven, [id])) === 1;
  }

  /**
   * Takes the `limit` oldest inbox rows older than `olderThanDays` and deletes those no pending dead letter needs
   * (see inbox-retention.ts): how many it took and how many it deleted.
   */
  async pruneInbox(db: Queryable, olderThanDays: number, limit: number): Promise<{ scanned: number; deleted: number }> {
    const row = await runOne(db, this.q.pruneInbox as NamedQuery<{ scanned: number; deleted: number }>, [olderThanDays, limit]);
    return row ?? { scanned: 0, deleted: 0 };
  }

  async deadLetterCount(db: Queryable, group: string): Promise<number> {
    const row = await runOne<{ n: number }>(db, this.q.deadLetterCount as NamedQuery<{ n: number }>, [group]);
    return row?.n ?? 0;
  }
}
