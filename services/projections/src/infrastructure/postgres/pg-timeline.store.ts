import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import type { TimelineRecord } from '../../domain/timeline';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

export const TIMELINE_COLUMNS = ['order_id', 'sequence', 'event_type', 'from_status', 'to_status', 'at', 'actor', 'reason'] as const;

export function timelineValues(record: TimelineRecord): CopyValue[] {
  return [record.orderId, record.sequence, record.type, record.fromStatus, record.toStatus, record.at, record.actor, record.reason];
}

/** Appends a run of order events to the timeline in one statement; (order_id, sequence) identifies each, so a repeat is a no-op. */
export class PgTimelineStore {
  private readonly append: NamedQuery;

  constructor(tables: TableResolver) {
    const table = tables('order_timeline');
    this.append = sql(
      `${table}.append_many`,
      `INSERT INTO ${table} (${TIMELINE_COLUMNS.join(', ')})
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::text[], $8::text[])
       ON CONFLICT (order_id, sequence) DO NOTHING`,
    );
  }

  async applyRun(db: Queryable, records: readonly TimelineRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(timelineValues);
    await run(db, this.append, TIMELINE_COLUMNS.map((_column, index) => rows.map((row) => row[index])));
  }
}
