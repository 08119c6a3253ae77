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
 * Records a movement once (the entry's key) and, only if it was new, adds it to its daily row, in one statement:
 * a redelivered or dual-published event finds the entry there and changes nothing.
 */
export class PgRevenueStore {
  private readonly record: NamedQuery;

  constructor(tables: TableResolver) {
    const entries = tables('revenue_entries');
    const daily = tables('revenue_daily');
    this.record = sql(
      `${daily}.record_movement`,
      `WITH entry AS (
         INSERT INTO ${entries} (${REVENUE_ENTRY_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8)
         ON CONFLICT (kind, movement_id) DO NOTHING
         RETURNING merchant_id, day, currency, order_delta, revenue_cents)
       INSERT INTO ${daily} AS d (${REVENUE_DAILY_COLUMNS.join(', ')})
       SELECT merchant_id, day, currency, order_delta, revenue_cents FROM entry
       ON CONFLICT (merchant_id, day, currency) DO UPDATE
         SET order_count = d.order_count + EXCLUDED.order_count, revenue_cents = d.revenue_cents + EXCLUDED.revenue_cents`,
    );
  }

  async apply(db: Queryable, movement: RevenueMovement): Promise<void> {
    await run(db, this.record, revenueEntryValues(movement).map((value) => (typeof value === 'bigint' ? value.toString() : value)));
  }
}
