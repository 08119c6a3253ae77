import { CLOSED_COLUMNS, EARLY_COLUMNS, QUEUE_COLUMNS } from './pg-fulfillment-queue.store';
import { REVENUE_DAILY_COLUMNS, REVENUE_ENTRY_COLUMNS } from './pg-revenue.store';
import { TIMELINE_COLUMNS } from './pg-timeline.store';
import type { ReadModelTable } from './readmodel-tables';

/** The column order in which the memory projectors emit each table's rows (and COPY loads them). */
export const COPY_COLUMNS: Record<ReadModelTable, readonly string[]> = {
  fulfillment_queue: QUEUE_COLUMNS,
  fulfillment_closed: CLOSED_COLUMNS,
  fulfillment_early: EARLY_COLUMNS,
  revenue_entries: REVENUE_ENTRY_COLUMNS,
  revenue_daily: REVENUE_DAILY_COLUMNS,
  order_timeline: TIMELINE_COLUMNS,
};
