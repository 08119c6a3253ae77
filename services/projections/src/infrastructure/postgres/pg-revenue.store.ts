import { NamedQuery, Queryable, run, sql } from '@shop/postgres';
import type { DailyRevenue, RevenueMovement } from '../../domain/revenue';
import type { CopyValue } from './copy-sink';
import { TableResolver } from './readmodel-tables';

export const REVENUE_ENTRY_COLUMNS = ['kind', 'movement_id', 'payment_id', 'merchant_id', 'day', 'currency', 'order_delta', 'revenue_cents'] as const;
export const REVENUE_DAILY_COLUMNS = ['merchant_id', 'day', 'currency', 'order_count', 'revenue_cents'] as const;

export function revenueEntryValues(movement: RevenueMovement): CopyValue[] {
  return [movement.kind, movement.movementId, movement.paymentId, movement.merchantId, movement.day, movement.currency, movement.orderDelta, movement.revenueCents];
}

export function revenueDailyValues(row: DailyRevenue): CopyValue[] {
  return [row.merchantId, row.day, row.currency, row.orderCount, row.revenueCents];
}

/**
 * Records a run of movements, each once (the entry's key), and adds only the new ones to their daily rows, in
 * one statement: a redelivered or dual-published event (even within the run) finds its entry and changes nothing.
 */
export class PgRevenueStore {
  private readonly record: NamedQuery;

  constructor(tables: TableResolver) {
    const entries = tables('revenue_entries');
    const daily = tables('revenue_daily');
    this.record = sql(
      `${daily}.record_movements`,
      `WITH entry AS (
         INSERT INTO ${entries} (${REVENUE_ENTRY_COLUMNS.join(', ')})
         SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[], $5::date[], $6::char(3)[], $7::int[], $8::numeric(38, 0)[])
         ON CONFLICT (kind, movement_id) DO NOTHING
         RETURNING merchant_id, day, currency, order_delta, revenue_cents)
       INSERT INTO ${daily} AS d (${REVENUE_DAILY_COLUMNS.join(', ')})
       SELECT merchant_id, day, currency, sum(order_delta)::int, sum(revenue_cents)::numeric(38, 0) FROM entry GROUP BY merchant_id, day, currency
       ON CONFLICT (merchant_id, day, currency) DO UPDATE
         SET order_count = d.order_count + EXCLUDED.order_count, revenue_cents = d.revenue_cents + EXCLUDED.revenue_cents`,
    );
  }

  async applyRun(db: Queryable, movements: readonly RevenueMovement[]): Promise<void> {
    if (movements.length === 0) return;
    const rows = movements.map((movement) => revenueEntryValues(movement).map((value) => (typeof value === 'bigint' ? value.toString() : value)));
    await run(db, this.record, REVENUE_ENTRY_COLUMNS.map((_column, index) => rows.map((row) => row[index])));
  }
}
