import type { EventEnvelope } from '@shop/contracts';
import { LOG_START, LogPosition } from '@shop/messaging';
import { NamedQuery, Queryable, Tx, run, runOne, sql } from '@shop/postgres';

export interface LogRow {
  position: LogPosition;
  envelope: EventEnvelope;
}

/** Compares two log positions in (txid, id) order. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  const txid = BigInt(a.txid) - BigInt(b.txid);
  if (txid !== 0n) return txid < 0n ? -1 : 1;
  const id = BigInt(a.id) - BigInt(b.id);
  return id === 0n ? 0 : id < 0n ? -1 : 1;
}

export function laterPosition(a: LogPosition, b: LogPosition): LogPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}

const HORIZON = sql<{ horizon: string }>('readmodels.rebuild.horizon', 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');

/** Every transaction below this id has finished: no row can still appear before it in (txid, id) order. */
export async function visibilityHorizon(db: Queryable): Promise<string> {
  return (await runOne(db, HORIZON))!.horizon;
}

/**
 * Reads an event log table the way its consumers do (see libs/messaging EventLogReader): in (txid, id) order and
 * only below a visibility horizon, so a transaction that commits late can never land behind the position read.
 * `through` additionally admits rows up to a position a live consumer already passed, so a rebuild never ends
 * short of what the live projection has applied.
 */
export class HorizonLogReader {
  private readonly page: NamedQuery<{ position_id: string; position_txid: string; payload: EventEnvelope }>;
  private readonly count: NamedQuery<{ n: string }>;
  private readonly declare: NamedQuery;
  private readonly fetch: NamedQuery<{ position_id: string; position_txid: string; payload: EventEnvelope }>;

  /** @param table schema-qualified event log, e.g. `orders.order_events` */
  constructor(readonly table: string) {
    // The text copies of the position get names of their own: ORDER BY a name that is also an output column
    // sorts by the output (text) value, and '10' < '9' would break the keyset.
    this.page = sql(
      `${table}.rebuild_page`,
      `SELECT id::text AS position_id, txid::text AS position_txid, payload FROM ${table}
        WHERE (txid, id) > ($1::xid8, $2::bigint) AND (txid < $3::xid8 OR (txid, id) <= ($4::xid8, $5::bigint))
        ORDER BY txid, id LIMIT $6`,
    );
    this.count = sql(`${table}.rebuild_count`, `SELECT count(*)::text AS n FROM ${table} WHERE (txid, id) > ($1::xid8, $2::bigint) AND txid < $3::xid8`);
    // The bulk pass reads through one cursor, planned once for the whole log (a fast-start merge of each
    // partition's (txid, id) index). Keyset pages are wrong for it: inside a block of rows sharing one txid (a
    // seed, a big batch) the planner takes `(txid, id) > (t, i)` for nearly empty and sorts all the rest of the
    // log for every page.
    this.declare = sql(
      `${table}.rebuild_declare`,
      `DECLARE rebuild_replay NO SCROLL CURSOR FOR
         SELECT id::text AS position_id, txid::text AS position_txid, payload FROM ${table} WHERE txid < $1::xid8 ORDER BY txid, id`,
    );
    this.fetch = sql(`${table}.rebuild_fetch`, 'FETCH FORWARD 5000 FROM rebuild_replay');
  }

  /**
   * Every row below the horizon, in order, page by page, inside the caller's transaction (read-only: it takes
   * no transaction id, so it holds back nobody's horizon). The next page is fetched while the caller works on
   * the current one.
   */
  async *readAllBelow(tx: Tx, horizon: string): AsyncGenerator<LogRow[]> {
    await run(tx, this.declare, [horizon]);
    const fetchPage = async () => (await run(tx, this.fetch)).map((row) => ({ position: { txid: row.position_txid, id: row.position_id }, envelope: row.payload }));
    let next = fetchPage();
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      next = fetchPage();
      yield rows;
    }
    await tx.query('CLOSE rebuild_replay');
  }

  async read(db: Queryable, after: LogPosition, horizon: string, limit: number, through: LogPosition = LOG_START): Promise<LogRow[]> {
    const rows = await run(db, this.page, [after.txid, after.id, horizon, through.txid, through.id, limit]);
    return rows.map((row) => ({ position: { txid: row.position_txid, id: row.position_id }, envelope: row.payload }));
  }

  /** Rows between `after` and the horizon: the denominator of the progress percentage. */
  async countBelow(db: Queryable, after: LogPosition, horizon: string): Promise<number> {
    return Number((await runOne(db, this.count, [after.txid, after.id, horizon]))!.n);
  }
}
