import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import { QueueChange, QueueRow, compactQueueChanges } from '../../domain/fulfillment-queue';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

/** Column order of a queue row, for COPY and for the insert below. */
export const QUEUE_COLUMNS = ['order_id', 'merchant_id', 'customer_id', 'status', 'placed_at', 'total_cents', 'currency', 'last_sequence', 'updated_at'] as const;

export const CLOSED_COLUMNS = ['order_id', 'closed_sequence'] as const;

export function queueRowValues(row: QueueRow): CopyValue[] {
  return [row.orderId, row.merchantId, row.customerId, row.status, row.placedAt, row.totalCents, row.currency, row.lastSequence, row.updatedAt];
}

export function closedValues(orderId: string, closedSequence: number): CopyValue[] {
  return [orderId, closedSequence];
}

/**
 * Applies a run of QueueChanges with the rules of applyQueueChange (domain/fulfillment-queue.ts), compacted by
 * compactQueueChanges into at most three statements: opens (never overwrite, never reopen a closed order),
 * statuses (only forward in sequence), closes (delete the row, record the order as closed). Each is idempotent,
 * in any order after the first time.
 */
export class PgFulfillmentQueueStore {
  private readonly open: NamedQuery;
  private readonly status: NamedQuery;
  private readonly close: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('fulfillment_queue');
    const closed = tables('fulfillment_closed');
    this.open = sql(
      `${table}.open_many`,
      `INSERT INTO ${table} (${QUEUE_COLUMNS.join(', ')})
       SELECT r.* FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::varchar[], $5::timestamptz[], $6::bigint[], $7::char(3)[], $8::int[], $9::timestamptz[])
                    AS r (${QUEUE_COLUMNS.join(', ')})
        WHERE NOT EXISTS (SELECT 1 FROM ${closed} AS c WHERE c.order_id = r.order_id)
       ON CONFLICT (order_id) DO NOTHING`,
    );
    this.status = sql(
      `${table}.status_many`,
      `UPDATE ${table} AS q SET status = u.status, last_sequence = u.sequence, updated_at = u.at
         FROM unnest($1::bigint[], $2::varchar[], $3::int[], $4::timestamptz[]) AS u (order_id, status, sequence, at)
        WHERE q.order_id = u.order_id AND q.last_sequence < u.sequence`,
    );
    this.close = sql(
      `${table}.close_many`,
      `WITH leaving AS (SELECT * FROM unnest($1::bigint[], $2::int[]) AS l (order_id, closed_sequence)),
            gone AS (DELETE FROM ${table} AS q USING leaving WHERE q.order_id = leaving.order_id)
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
