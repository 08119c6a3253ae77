import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import type { TimelineRecord } from '../../domain/timeline';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

export const TIMELINE_COLUMNS = ['order_id', 'sequence', 'event_type', 'from_status', 'to_status', 'at', 'actor', 'reason'] as const;

export function timelineValues(record: TimelineRecord): CopyValue[] {
  return [record.orderId, record.sequence, record.type, record.fromStatus, record.toStatus, record.at, record.actor, record.reason];
}

/** Appends an order event to the timeline; (order_id, sequence) identifies it, so a repeat is a no-op. */
export class PgTimelineStore {
  private readonly append: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('order_timeline');
    this.append = sql(
      `${table}.append`,
      `INSERT INTO ${table} (${TIMELINE_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (order_id, sequence) DO NOTHING`,
    );
  }

  async apply(db: Queryable, record: TimelineRecord): Promise<void> {
    await run(db, this.append, timelineValues(record));
  }
}
