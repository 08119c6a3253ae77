import type { Pool } from 'pg';
import { centsForJson } from '../domain/money';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { PgRevenueQueries } from '../infrastructure/postgres/pg-revenue.queries';

/** Pattern 7: captured minus refunded by merchant, UTC capture day and currency, with how fresh it is. */
export class RevenueQuery {
  private readonly queries = new PgRevenueQueries();
  private readonly state = new PgProjectionState();

  constructor(private readonly pool: Pool) {}

  async rows(request: { from: string; to: string; merchantId?: string }) {
    // asOf first: rows read afterwards are at least as fresh as it says.
    const asOf = (await this.state.all(this.pool)).get('revenue') ?? null;
    const rows = await this.queries.rows(this.pool, request.from, request.to, request.merchantId);
    return {
      rows: rows.map((row) => ({ merchantId: row.merchant_id, day: row.day, currency: row.currency, orderCount: row.order_count, revenueCents: centsForJson(row.revenue_cents) })),
      asOf: asOf ? asOf.toISOString() : null,
    };
  }
}
