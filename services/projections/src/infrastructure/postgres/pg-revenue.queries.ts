import { Queryable, run, sql } from '@shop/postgres';

export interface RevenueRow {
  merchant_id: string;
  /** YYYY-MM-DD as text: a date parsed into a JS Date would shift with the process time zone. */
  day: string;
  currency: string;
  order_count: number;
  revenue_cents: string;
}

const COLUMNS = 'merchant_id, day::text AS day, currency, order_count, revenue_cents';
// Pattern 7 reads the pre-aggregated rows, never the OLTP tables: the primary key (merchant_id, day, currency)
// for one merchant, revenue_daily_day_idx for all of them.
export const REVENUE_FOR_MERCHANT = sql<RevenueRow>(
  'readmodels.revenue_daily.for_merchant',
  `SELECT ${COLUMNS} FROM readmodels.revenue_daily WHERE merchant_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day, currency`,
);
export const REVENUE_FOR_ALL = sql<RevenueRow>(
  'readmodels.revenue_daily.for_all',
  `SELECT ${COLUMNS} FROM readmodels.revenue_daily WHERE day BETWEEN $1::date AND $2::date ORDER BY day, merchant_id, currency`,
);

/** Read side of revenue. */
export class PgRevenueQueries {
  rows(db: Queryable, from: string, to: string, merchantId?: string): Promise<RevenueRow[]> {
    return merchantId ? run(db, REVENUE_FOR_MERCHANT, [merchantId, from, to]) : run(db, REVENUE_FOR_ALL, [from, to]);
  }
}
