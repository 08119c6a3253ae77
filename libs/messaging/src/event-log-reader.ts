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
  private readonly batch: NamedQuery<{ horizon: string; id: string | null; txid: string; payload: EventEnvelope; created_at: Date }>;
  private readonly backlog: NamedQuery<{ lag: string }>;

  /** @param table schema-qualified event table, e.g. `orders.order_events` */
  constructor(readonly table: string) {
    this.batch = sql(
      `${table}.read_after`,
      // One row even when nothing is readable, carrying the horizon: the reader compares it with the transactions
      // it was told of (LogWakeups.heldBack) to know whether committed rows are still waiting behind it.
      // Qualified columns: a bare ORDER BY txid would bind to the text output column and sort '1000' before '999'.
      `SELECT h.horizon::text AS horizon, log.id, log.txid::text AS txid, log.payload, log.created_at
         FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) AS h
         LEFT JOIN LATERAL (
           SELECT log.id, log.txid, log.payload, log.created_at FROM ${table} AS log
            WHERE (log.txid, log.id) > ($1::xid8, $2::bigint) AND log.txid < h.horizon
            ORDER BY log.txid, log.id
            LIMIT $3) AS log ON true
        ORDER BY log.txid, log.id`,
    );
    this.backlog = sql(
      `${table}.backlog`,
      // Bounded by the horizon like the read: only events readable now count. Unbounded, the index scan stepped
      // over every row of a running bulk load (invisible, so never reaching the cap) every 5 s in every service.
      `SELECT count(*)::text AS lag FROM (SELECT 1 FROM ${table} AS log
         WHERE (log.txid, log.id) > ($1::xid8, $2::bigint) AND log.txid < pg_snapshot_xmin(pg_current_snapshot()) LIMIT $3) AS pending`,
    );
  }

  async read(db: Queryable, position: LogPosition, limit: number): Promise<LogRead> {
    const rows = await run(db, this.batch, [position.txid, position.id, limit]);
    const events: LoggedEvent[] = [];
    for (const row of rows) if (row.id !== null) events.push({ position: { txid: row.txid, id: row.id }, envelope: row.payload, committedBefore: row.created_at });
    return { events, horizon: rows[0].horizon };
  }

  async readAfter(db: Queryable, position: LogPosition, limit: number): Promise<LoggedEvent[]> {
    return (await this.read(db, position, limit)).events;
  }

  /** Events readable after `position` (committed, below the horizon), capped at `cap` so the count stays cheap on a large backlog. */
  async lag(db: Queryable, position: LogPosition, cap = 100_000): Promise<number> {
    const row = await runOne(db, this.backlog, [position.txid, position.id, cap]);
    return Number(row?.lag ?? 0);
  }
}
