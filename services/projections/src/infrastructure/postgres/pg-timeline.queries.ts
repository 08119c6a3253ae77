import { Queryable, run, sql } from '@shop/postgres';
import type { TimelineRecord } from '../../domain/timeline';

interface TimelineRow {
  sequence: number;
  event_type: string;
  from_status: string | null;
  to_status: string | null;
  at: Date;
  actor: string;
  reason: string | null;
}

// Pattern 8: a range of the primary key (order_id, sequence), already in order.
export const TIMELINE_OF_ORDER = sql<TimelineRow>(
  'readmodels.order_timeline.of_order',
  `SELECT sequence, event_type, from_status, to_status, at, actor, reason FROM readmodels.order_timeline WHERE order_id = $1 ORDER BY sequence`,
);

/** Read side of the timeline. */
export class PgTimelineQueries {
  async records(db: Queryable, orderId: string): Promise<TimelineRecord[]> {
    return (await run(db, TIMELINE_OF_ORDER, [orderId])).map((row) => ({
      orderId, sequence: row.sequence, type: row.event_type, fromStatus: row.from_status, toStatus: row.to_status, at: row.at.toISOString(), actor: row.actor, reason: row.reason,
    }));
  }
}
