import { Queryable, run, sql } from '@shop/postgres';

export const RECENT_ORDERS_MAX = 200;
export const RECENT_ORDERS_DEFAULT = 50;

interface RecentOrderRow {
  id: string;
  customer_id: string;
  merchant_id: string;
  status: string;
  saga_step: string;
  payment_attempt: number;
  currency: string;
  total_cents: string;
  item_count: number;
  total_units: number;
  placed_at: Date;
  updated_at: Date;
}

// The operator dashboard's live list, newest first. (placed_at, id) breaks ties the same way as the history
// (pattern 2). No index covers a global placed_at order, so this is a top-N sort over orders: fine for a
// dashboard polling every few seconds, and an index on (placed_at DESC, id DESC) would make it a short scan.
const RECENT = sql<RecentOrderRow>(
  'orders.orders.recent',
  `SELECT id, customer_id, merchant_id, status, saga_step, payment_attempt, currency, total_cents, item_count, total_units, placed_at, updated_at
     FROM orders.orders ORDER BY placed_at DESC, id DESC LIMIT $1`,
);

/** Clamps a query-string limit the way the other internal lists do: garbage or absent means the default. */
export function recentLimit(raw: string | undefined): number {
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < 1) return RECENT_ORDERS_DEFAULT;
  return Math.min(RECENT_ORDERS_MAX, parsed);
}

/** The most recently placed orders with their saga state, for operators watching checkouts go through. */
export class RecentOrdersQuery {
  constructor(private readonly db: Queryable) {}

  async recent(limit: number) {
    const rows = await run(this.db, RECENT, [limit]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        customerId: row.customer_id,
        merchantId: row.merchant_id,
        status: row.status,
        sagaStep: row.saga_step,
        paymentAttempt: row.payment_attempt,
        currency: row.currency,
        totalCents: Number(row.total_cents),
        itemCount: row.item_count,
        totalUnits: row.total_units,
        placedAt: row.placed_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      })),
    };
  }
}
