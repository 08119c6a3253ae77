import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import { EarlyStatus, QueueChange, QueueRow, compactQueueChanges } from '../../domain/fulfillment-queue';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

/** Column order of a queue row, for COPY and for the insert below. */
export const QUEUE_COLUMNS = ['order_id', 'merchant_id', 'customer_id', 'status', 'placed_at', 'total_cents', 'currency', 'last_sequence', 'updated_at'] as const;

export const CLOSED_COLUMNS = ['order_id', 'closed_sequence'] as const;

export const EARLY_COLUMNS = ['order_id', 'status', 'status_sequence', 'status_at'] as const;

export function queueRowValues(row: QueueRow): CopyValue[] {
  return [row.orderId, row.merchantId, row.customerId, row.status, row.placedAt, row.totalCents, row.currency, row.lastSequence, row.updatedAt];
}

export function closedValues(orderId: string, closedSequence: number): CopyValue[] {
  return [orderId, closedSequence];
}

export function earlyValues(early: EarlyStatus): CopyValue[] {
  return [early.orderId, early.status, early.sequence, early.at];
}

/**
 * Applies a run of QueueChanges with the rules of applyQueueChange (domain/fulfillment-queue.ts), compacted by
 * compactQueueChanges into at most three statements: opens (never overwrite, never reopen a closed order, take
 * a newer early status), statuses (only forward in sequence; for an order not opened yet, kept as its early
 * status), closes (delete the row and any early status, record the order as closed). Each is idempotent, in any
 * order after the first time.
 */
export class PgFulfillmentQueueStore {
  private readonly open: NamedQuery;
  private readonly status: NamedQuery;
  private readonly close: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('fulfillment_queue');
    const closed = tables('fulfillment_closed');
    const early = tables('fulfillment_early');
    // Every part of a statement reads the same snapshot, so the early status joined here is the one the DELETE
    // beside it removes.
    this.open = sql(
      `${table}.open_many`,
      `WITH r AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::varchar[], $5::timestamptz[], $6::bigint[], $7::char(3)[], $8::int[], $9::timestamptz[])
                    AS r (${QUEUE_COLUMNS.join(', ')})),
       taken AS (DELETE FROM ${early} AS e USING r WHERE e.order_id = r.order_id)
       INSERT INTO ${table} (${QUEUE_COLUMNS.join(', ')})
       SELECT r.order_id, r.merchant_id, r.customer_id,
              CASE WHEN e.status_sequence > r.last_sequence THEN e.status ELSE r.status END,
              r.placed_at, r.total_cents, r.currency,
              GREATEST(r.last_sequence, e.status_sequence),
              CASE WHEN e.status_sequence > r.last_sequence THEN e.status_at ELSE r.updated_at END
         FROM r LEFT JOIN ${early} AS e ON e.order_id = r.order_id
        WHERE NOT EXISTS (SELECT 1 FROM ${closed} AS c WHERE c.order_id = r.order_id)
       ON CONFLICT (order_id) DO NOTHING`,
    );
    this.status = sql(
      `${table}.status_many`,
      `WITH u AS (SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::int[], $4::timestamptz[]) AS u (order_id, status, sequence, at)),
       moved AS (
         UPDATE ${table} AS q SET status = u.status, last_sequence = u.sequence, updated_at = u.at
           FROM u WHERE q.order_id = u.order_id AND q.last_sequence < u.sequence)
       INSERT INTO ${early} AS e (${EARLY_COLUMNS.join(', ')})
       SELECT u.order_id, u.status, u.sequence, u.at FROM u
        WHERE NOT EXISTS (SELECT 1 FROM ${table} AS q WHERE q.order_id = u.order_id)
          AND NOT EXISTS (SELECT 1 FROM ${closed} AS c WHERE c.order_id = u.order_id)
       ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, status_sequence = EXCLUDED.status_sequence, status_at = EXCLUDED.status_at
        WHERE e.status_sequence < EXCLUDED.status_sequence`,
    );
    this.close = sql(
      `${table}.close_many`,
      `WITH leaving AS (SELECT * FROM unnest($1::bigint[], $2::int[]) AS l (order_id, closed_sequence)),
            gone AS (DELETE FROM ${table} AS q USING leaving WHERE q.order_id = leaving.order_id),
            forgotten AS (DELETE FROM ${early} AS e USING leaving WHERE e.order_id = leaving.order_id)
       INSERT INTO ${closed} AS c (order_id, closed_sequence) SELECT order_id, closed_sequence FROM leaving
       ON CONFLICT (order_id) DO UPDATE SET closed_sequence = GREATEST(c.closed_sequence, EXCLUDED.closed_sequence)`,
    );
  }

  async applyRun(db: Queryable, changes: readonly QueueChange[]): Promise<void> {
    const { opens, statuses, closes } = compactQueueChanges(changes);
    if (opens.length > 0) {
      const rows = opens.map((row) => queueRowValues(row).map((value) => (typeof value === 'bigint' ? value.toString() : value)));
      await run(db, this.open, QUEUE_COLUMNS.map((_column, index) => rows.map((row) => row[index])));
    }
    if (statuses.length > 0) {
      await run(db, this.status, [statuses.map((change) => change.orderId), statuses.map((change) => change.status), statuses.map((change) => change.sequence), statuses.map((change) => change.at)]);
    }
    if (closes.length > 0) await run(db, this.close, [closes.map((change) => change.orderId), closes.map((change) => change.sequence)]);
  }
}
