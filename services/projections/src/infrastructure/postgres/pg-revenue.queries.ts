import { Queryable, run, sql } from '@shop/postgres';

export interface RevenueRow {
  merchant_id: string;
  /** YYYY-MM-DD as text: a date parsed into a JS Date would shift with the process time zone. */
  day: string;
  currency: string;
  order_count: number;
  revenue_cents: string;
}

const COLUMNS = 'r.merchant_id, r.day::text AS day, r.currency, r.order_count, r.revenue_cents';
// Pattern 7 reads the pre-aggregated rows, never the OLTP tables: the primary key (merchant_id, day, currency)
// for one merchant, in index order; revenue_daily_day_idx for all of them. The merchant's window is written as
// a row range on (merchant_id, day): only the primary key can seek on it, so a generic plan (which guesses a
// day range is tiny) never scans every merchant's days through the day index instead; ORDER BY follows the
// key (the merchant is fixed), so the rows come sorted by day. ORDER BY names the table's columns (r.day): the
// bare name would mean the text output column and cost a needless sort.
export const REVENUE_FOR_MERCHANT = sql<RevenueRow>(
  'readmodels.revenue_daily.for_merchant',
  `SELECT ${COLUMNS} FROM readmodels.revenue_daily r
    WHERE (r.merchant_id, r.day) >= ($1::bigint, $2::date) AND (r.merchant_id, r.day) <= ($1::bigint, $3::date)
    ORDER BY r.merchant_id, r.day, r.currency`,
);
export const REVENUE_FOR_ALL = sql<RevenueRow>(
  'readmodels.revenue_daily.for_all',
  `SELECT ${COLUMNS} FROM readmodels.revenue_daily r WHERE r.day BETWEEN $1::date AND $2::date ORDER BY r.day, r.merchant_id, r.currency`,
);

/** Read side of revenue. */
export class PgRevenueQueries {
  rows(db: Queryable, from: string, to: string, merchantId?: string): Promise<RevenueRow[]> {
    return merchantId ? run(db, REVENUE_FOR_MERCHANT, [merchantId, from, to]) : run(db, REVENUE_FOR_ALL, [from, to]);
  }
}
