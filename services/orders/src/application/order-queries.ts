import { withSecondsInState, withoutNewerTwins } from '@shop/contracts';
import { orderWithTrackingNumber, problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { decodeCursor, encodeCursor } from '../domain/history-cursor';
import { PgCustomerRepository } from '../infrastructure/postgres/pg-customer.repository';
import { OrderDetailRow, PgOrderQueries } from '../infrastructure/postgres/pg-order.queries';

export function orderView(row: OrderDetailRow) {
  return {
    id: row.id,
    customerId: row.customer_id,
    merchantId: row.merchant_id,
    status: row.status,
    currency: row.currency,
    subtotalCents: Number(row.subtotal_cents),
    taxCents: Number(row.tax_cents),
    shippingCents: Number(row.shipping_cents),
    totalCents: Number(row.total_cents),
    placedAt: row.placed_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    cancelledAt: row.cancelled_at ? row.cancelled_at.toISOString() : null,
    trackingNumber: row.tracking_number ?? null,
    shippingAddress: {
      line1: row.address.line1, line2: row.address.line2, city: row.address.city, state: row.address.state,
      postalCode: row.address.postal_code, countryCode: row.address.country_code,
    },
    lineItems: (row.lines ?? []).map((line) => ({
      skuId: line.sku_id, skuCode: line.sku_code, name: line.name, quantity: line.quantity, unitPriceCents: Number(line.unit_price_cents), currency: line.currency,
    })),
    itemCount: row.item_count,
    totalUnits: row.total_units,
    paymentAttempt: row.payment_attempt,
  };
}

/** Order reads: detail (pattern 1), a customer's history (pattern 2), the timeline (pattern 8). */
export class OrderQueries {
  private readonly queries = new PgOrderQueries();
  private readonly customers = new PgCustomerRepository();

  constructor(private readonly pool: Pool) {}

  async detail(orderId: string) {
    const row = await this.queries.detail(this.pool, orderId);
    if (!row) throw problems.notFound(`order ${orderId}`);
    return orderView(row);
  }

  /** The order shipped with this tracking number; 404 worded as the gateway words an order it hides. */
  async detailByTrackingNumber(trackingNumber: string) {
    const row = await this.queries.detailByTrackingNumber(this.pool, trackingNumber);
    if (!row) throw problems.notFound(orderWithTrackingNumber(trackingNumber));
    return orderView(row);
  }

  async history(customerId: string, limit: number, cursor?: string) {
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && !after) throw problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.queries.history(this.pool, customerId, limit + 1, after);
    // An empty page is either a customer without (more) orders or no customer at all; only then is it worth a
    // second query, so a page with orders costs one round trip as before.
    if (rows.length === 0 && !(await this.customers.findCustomer(this.pool, customerId))) throw problems.notFound(`customer ${customerId}`);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.id, status: row.status, placedAt: row.placed_at.toISOString(), totalCents: Number(row.total_cents), currency: row.currency,
        itemCount: row.item_count, totalUnits: row.total_units,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ placedAt: last.cursor_at, id: last.id }) : null,
    };
  }

  async timeline(orderId: string, now = new Date()) {
    const rows = await this.queries.timeline(this.pool, orderId);
    if (rows.length === 0) throw problems.notFound(`order ${orderId}`);
    // A dual-published shipment (v1, then v2) is one entry; withSecondsInState keeps only the timeline's fields.
    const steps = withoutNewerTwins(rows.map((row) => ({
      type: row.event_type, version: row.event_version, fromStatus: row.from_status, toStatus: row.to_status, at: row.created_at.toISOString(), actor: row.actor, reason: row.reason,
    })));
    return { orderId, entries: withSecondsInState(steps, now) };
  }
}

