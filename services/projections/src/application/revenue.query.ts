import type { Pool } from 'pg';
import { revenueJson } from '../domain/revenue-json';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { PgRevenueQueries } from '../infrastructure/postgres/pg-revenue.queries';

/** Pattern 7: captured minus refunded by merchant, UTC capture day and currency, with how fresh it is. */
export class RevenueQuery {
  private readonly queries = new PgRevenueQueries();
  private readonly state = new PgProjectionState();

  constructor(private readonly pool: Pool) {}

  /** The answer as JSON text: a day's sum may pass 2^53 - 1 and is written exactly (revenue-json.ts). */
  async rows(request: { from: string; to: string; merchantId?: string }): Promise<string> {
    // asOf first: rows read afterwards are at least as fresh as it says.
    const asOf = (await this.state.all(this.pool)).get('revenue') ?? null;
    const rows = await this.queries.rows(this.pool, request.from, request.to, request.merchantId);
    return revenueJson({
      rows: rows.map((row) => ({ merchantId: row.merchant_id, day: row.day, currency: row.currency, orderCount: row.order_count, revenueCents: BigInt(row.revenue_cents) })),
      asOf: asOf ? asOf.toISOString() : null,
    });
  }
}
