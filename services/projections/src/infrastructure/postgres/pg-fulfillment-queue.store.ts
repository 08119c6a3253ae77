import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import type { QueueChange, QueueRow } from '../../domain/fulfillment-queue';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

/** Column order of a queue row, for COPY and for the insert below. */
export const QUEUE_COLUMNS = ['order_id', 'merchant_id', 'customer_id', 'status', 'placed_at', 'total_cents', 'currency', 'last_sequence', 'updated_at'] as const;

export function queueRowValues(row: QueueRow): CopyValue[] {
  return [row.orderId, row.merchantId, row.customerId, row.status, row.placedAt, row.totalCents, row.currency, row.lastSequence, row.updatedAt];
}

/**
 * Applies QueueChanges with the rules of applyQueueChange (domain/fulfillment-queue.ts) as single statements:
 * opening never overwrites, a status moves only forward in sequence, closing deletes. Each is idempotent.
 */
export class PgFulfillmentQueueStore {
  private readonly open: NamedQuery;
  private readonly status: NamedQuery;
  private readonly close: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('fulfillment_queue');
    this.open = sql(
      `${table}.open`,
      `INSERT INTO ${table} (${QUEUE_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING`,
    );
    this.status = sql(
      `${table}.status`,
      `UPDATE ${table} SET status = $2, last_sequence = $3, updated_at = $4 WHERE order_id = $1 AND last_sequence < $3`,
    );
    this.close = sql(`${table}.close`, `DELETE FROM ${table} WHERE order_id = $1`);
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
        await run(db, this.close, [change.orderId]);
        return;
    }
  }
}
