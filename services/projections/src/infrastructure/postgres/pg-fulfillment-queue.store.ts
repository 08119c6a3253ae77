import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import type { QueueChange, QueueRow } from '../../domain/fulfillment-queue';
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
 * Applies QueueChanges with the rules of applyQueueChange (domain/fulfillment-queue.ts) as single statements:
 * opening never overwrites and never reopens a closed order, a status moves only forward in sequence, closing
 * deletes the row and records the order as closed. Each is idempotent, in any order after the first time.
 */
export class PgFulfillmentQueueStore {
  private readonly open: NamedQuery;
  private readonly status: NamedQuery;
  private readonly close: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('fulfillment_queue');
    const closed = tables('fulfillment_closed');
    this.open = sql(
      `${table}.open`,
      `INSERT INTO ${table} (${QUEUE_COLUMNS.join(', ')})
       SELECT $1::bigint, $2::bigint, $3::bigint, $4::varchar, $5::timestamptz, $6::bigint, $7::char(3), $8::int, $9::timestamptz
        WHERE NOT EXISTS (SELECT 1 FROM ${closed} WHERE order_id = $1::bigint)
       ON CONFLICT (order_id) DO NOTHING`,
    );
    this.status = sql(
      `${table}.status`,
      `UPDATE ${table} SET status = $2, last_sequence = $3, updated_at = $4 WHERE order_id = $1 AND last_sequence < $3`,
    );
    this.close = sql(
      `${table}.close`,
      `WITH gone AS (DELETE FROM ${table} WHERE order_id = $1)
       INSERT INTO ${closed} AS c (order_id, closed_sequence) VALUES ($1, $2)
       ON CONFLICT (order_id) DO UPDATE SET closed_sequence = GREATEST(c.closed_sequence, EXCLUDED.closed_sequence)`,
    );
  }

  async apply(db: Queryable, change: QueueChange): Promise<void> {
    switch (change.kind) {
      case 'open':
        await run(db, this.open, queueRowValues(change.row).map((value) => (typeof value === 'bigint' ? value.toString() : value)));
        return;
      case 'status':
        await run(db, this.status, [change.orderId, change.status, change.sequence, change.at]);
        return;
      case 'close':
        await run(db, this.close, [change.orderId, change.sequence]);
        return;
    }
  }
}
