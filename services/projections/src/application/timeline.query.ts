import { withSecondsInState } from '@shop/contracts';
import { problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { PgTimelineQueries } from '../infrastructure/postgres/pg-timeline.queries';

/** Pattern 8 from the projection: the order's events oldest first, with the time spent in each status. */
export class TimelineQuery {
  private readonly queries = new PgTimelineQueries();

  constructor(private readonly pool: Pool) {}

  async ofOrder(orderId: string, now = new Date()) {
    const records = await this.queries.records(this.pool, orderId);
    if (records.length === 0) throw problems.notFound(`order ${orderId}`);
    return { orderId, entries: withSecondsInState(records, now) };
  }
}
