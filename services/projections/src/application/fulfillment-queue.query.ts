import type { Pool } from 'pg';
import type { OpenStatus } from '../domain/fulfillment-queue';
import { centsForJson } from '../domain/money';
import { QueueCursor, encodeQueueCursor } from '../domain/queue-cursor';
import { PgFulfillmentQueueQueries } from '../infrastructure/postgres/pg-fulfillment-queue.queries';

export interface QueuePageRequest {
  merchantId: string;
  statuses: OpenStatus[];
  limit: number;
  after?: QueueCursor;
}

/** Pattern 4: one page of a merchant's open orders, oldest first, with the cursor of the next page. */
export class FulfillmentQueueQuery {
  private readonly queries = new PgFulfillmentQueueQueries();

  constructor(private readonly pool: Pool) {}

  async page(request: QueuePageRequest) {
    // One row more than asked tells whether another page exists without a count.
    const rows = await this.queries.page(this.pool, request.merchantId, request.statuses, request.limit + 1, request.after);
    const page = rows.slice(0, request.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.order_id, status: row.status, placedAt: row.placed_at.toISOString(), customerId: row.customer_id, totalCents: centsForJson(row.total_cents), currency: row.currency,
      })),
      nextCursor: rows.length > request.limit && last ? encodeQueueCursor({ placedAt: last.cursor_at, orderId: last.order_id }) : null,
    };
  }
}
