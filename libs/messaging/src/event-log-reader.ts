import type { EventEnvelope } from '@shop/contracts';
import { NamedQuery, Queryable, run, runOne, sql } from '@shop/postgres';

/** A position in an event log: transaction id, then row id within it. */
export interface LogPosition {
  txid: string;
  id: string;
}

export interface LoggedEvent {
  position: LogPosition;
  /** Parsed from the payload column; validated by the consumer, not here. */
  envelope: EventEnvelope;
  committedBefore: Date;
}

/** A read: the events, and the visibility horizon it was bounded by (every transaction below it has ended). */
export interface LogRead {
  events: LoggedEvent[];
  horizon: string;
  /**
   * Typed reads only: the last readable row, when it lies after the events returned and the read returned fewer
   * than its limit, i.e. every row in between is of other types. The reader may move there once it has handled
   * `events`: that is how it passes the rows it does not take without reading them.
   */
  readAllBelow?: LogPosition;
}

export const LOG_START: LogPosition = { txid: '0', id: '0' };

/** Whether position `a` comes after `b` in the log's (txid, id) order. */
export function isAfter(a: LogPosition, b: LogPosition): boolean {
  const [at, bt] = [BigInt(a.txid), BigInt(b.txid)];
  return at !== bt ? at > bt : BigInt(a.id) > BigInt(b.id);
}

/**
 * Reads an outbox table in a total order that never skips a row. Ordering by id alone is wrong: a transaction
 * can take id 10, commit after the one holding id 11, and a reader that already passed 11 would never see 10.
 * Rows are therefore read in (txid, id) order and only below the visibility horizon pg_snapshot_xmin: every
 * transaction with an older xid has finished, so no row can appear later behind the checkpoint.
 */
export class EventLogReader {
  private readonly batch: NamedQuery<{ horizon: string; last_txid: string | null; last_id: string | null; id: string | null; txid: string; payload: EventEnvelope; created_at: Date }>;
  private readonly backlog: NamedQuery<{ lag: string }>;

  /**
   * @param table schema-qualified event table, e.g. `orders.order_events`
   * @param types when given, only rows of these event types are read (and counted as lag): a consumer group's
   *   subscriptions. Most of a log is other services' business; reading it cost a round trip, and moving the
   *   checkpoint past it a commit, per transaction that wrote it.
   */
  constructor(readonly table: string, readonly types?: readonly string[]) {
    const onlyTypes = types ? ' AND log.event_type = ANY($4::text[])' : '';
    // A typed read also returns the last readable row of any type (one step of a backward index scan), which a
    // reader that took everything of its types may move to.
    const lastColumns = types ? 'last.last_txid::text AS last_txid, last.last_id::text AS last_id' : 'NULL AS last_txid, NULL AS last_id';
    const lastRow = types
      ? `LEFT JOIN LATERAL (
           SELECT last.txid AS last_txid, last.id AS last_id FROM ${table} AS last
            WHERE last.txid < h.horizon ORDER BY last.txid DESC, last.id DESC LIMIT 1) AS last ON true`
      : '';
    this.batch = sql(
      types ? `${table}.read_after_typed` : `${table}.read_after`,
      // One row even when nothing is readable, carrying the horizon: the reader compares it with the transactions
      // it was told of (LogWakeups.heldBack) to know whether committed rows are still waiting behind it.
      // Qualified columns: a bare ORDER BY txid would bind to the text output column and sort '1000' before '999'.
      `SELECT h.horizon::text AS horizon, ${lastColumns},
              log.id, log.txid::text AS txid, log.payload, log.created_at
         FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) AS h
         ${lastRow}
         LEFT JOIN LATERAL (
           SELECT log.id, log.txid, log.payload, log.created_at FROM ${table} AS log
            WHERE (log.txid, log.id) > ($1::xid8, $2::bigint) AND log.txid < h.horizon${onlyTypes}
            ORDER BY log.txid, log.id
            LIMIT $3) AS log ON true
        ORDER BY log.txid, log.id`,
    );
    this.backlog = sql(
      types ? `${table}.backlog_typed` : `${table}.backlog`,
      // Bounded by the horizon like the read: only events readable now count. Unbounded, the index scan stepped
      // over every row of a running bulk load (invisible, so never reaching the cap) every 5 s in every service.
      `SELECT count(*)::text AS lag FROM (SELECT 1 FROM ${table} AS log
         WHERE (log.txid, log.id) > ($1::xid8, $2::bigint) AND log.txid < pg_snapshot_xmin(pg_current_snapshot())${onlyTypes} LIMIT $3) AS pending`,
    );
  }

  async read(db: Queryable, position: LogPosition, limit: number): Promise<LogRead> {
    const rows = await run(db, this.batch, this.params([position.txid, position.id, limit]));
    const events: LoggedEvent[] = [];
    for (const row of rows) if (row.id !== null) events.push({ position: { txid: row.txid, id: row.id }, envelope: row.payload, committedBefore: row.created_at });
    const { horizon, last_txid: lastTxid, last_id: lastId } = rows[0];
    // Fewer events than the limit: every row of the reader's types below the horizon was read, so the reader may
    // pass on to the last readable row once it has handled them.
    const last = lastTxid !== null && lastId !== null ? { txid: lastTxid, id: lastId } : undefined;
    const through = events.length > 0 ? events[events.length - 1].position : position;
    return { events, horizon, readAllBelow: events.length < limit && last && isAfter(last, through) ? last : undefined };
  }

  private params(values: unknown[]): unknown[] {
    return this.types ? [...values, this.types] : values;
  }

  async readAfter(db: Queryable, position: LogPosition, limit: number): Promise<LoggedEvent[]> {
    return (await this.read(db, position, limit)).events;
  }

  /** Events readable after `position` (committed, below the horizon), capped at `cap` so the count stays cheap on a large backlog. */
  async lag(db: Queryable, position: LogPosition, cap = 100_000): Promise<number> {
    const row = await runOne(db, this.backlog, this.params([position.txid, position.id, cap]));
    return Number(row?.lag ?? 0);
  }
}
