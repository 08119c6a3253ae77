import { Client } from 'pg';
import { http } from '../http';
import type { BenchPlatform } from '../platform';
import { PatternKey, ReadRequest } from './patterns';
import { TokenBook } from './tokens';
import { dayWindow } from './window';

/** Prepared requests per pattern; an empty list comes with the reason in `skipped`. */
export interface Samples {
  requests: Record<PatternKey, ReadRequest[]>;
  skipped: Partial<Record<PatternKey, string>>;
  /** What was drawn, for the report (how many orders, customers, merchants, ...). */
  drawn: Record<string, number>;
}

const RANDOM_ROWS = 2_000;
const TOP = 100;
const HISTORY_PAGE = 20;
/** The deepest history page the later-page requests ask for (page 3: orders 41-60). */
const HISTORY_DEPTH = 3;
const REVENUE_DAYS = 30;

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

/**
 * Draws realistic parameters from the data with the admin connection: random existing orders, SKUs and payment
 * keys (the long tail: most reads are of rows nobody read a moment ago), the customers with the most orders
 * (the ones with later pages), the merchants with the most open orders (the busiest dashboards), and 30-day
 * revenue windows of the merchants with the most sales, anywhere in the year of history.
 */
export async function drawSamples(platform: BenchPlatform, note: (line: string) => void): Promise<Samples> {
  const tokens = new TokenBook(platform.jwtSecret);
  const db = new Client({ connectionString: platform.adminUrl, application_name: 'bench-reads' });
  await db.connect();
  try {
    const query = async <T>(sql: string, values: unknown[] = []) => (await db.query(sql, values)).rows as T[];
    // Two disjoint draws, so pattern 8 does not read orders pattern 1 just brought into the cache.
    const orders = await query<{ id: string; customer_id: string }>('SELECT id::text, customer_id::text FROM orders.orders ORDER BY random() LIMIT $1', [
      2 * RANDOM_ROWS,
    ]);
    const detail = orders.slice(0, RANDOM_ROWS);
    const timeline = orders.slice(RANDOM_ROWS);
    const skus = await query<{ id: string }>('SELECT id::text FROM inventory.skus ORDER BY random() LIMIT $1', [RANDOM_ROWS]);
    const keys = await query<{ key: string }>('SELECT idempotency_key AS key FROM payments.payments ORDER BY random() LIMIT $1', [RANDOM_ROWS]);
    const customers = await query<{ id: string; orders: number }>(
      'SELECT customer_id::text AS id, count(*)::int AS orders FROM orders.orders GROUP BY customer_id ORDER BY count(*) DESC LIMIT $1',
      [TOP],
    );
    const queueMerchants = await query<{ id: string; open: number }>(
      'SELECT merchant_id::text AS id, count(*)::int AS open FROM readmodels.fulfillment_queue GROUP BY merchant_id ORDER BY count(*) DESC LIMIT $1',
      [TOP],
    );
    const revenueMerchants = await query<{ id: string }>(
      'SELECT merchant_id::text AS id FROM readmodels.revenue_daily GROUP BY merchant_id ORDER BY sum(order_count) DESC LIMIT $1',
      [TOP],
    );
    const [span] = await query<{ first: string | null; last: string | null }>(
      'SELECT min(day)::text AS first, max(day)::text AS last FROM readmodels.revenue_daily',
    );

    const customerTokens = detail.map((order) => tokens.customer(order.customer_id));
    const history = await historyPages(
      platform,
      tokens,
      customers.map((customer) => customer.id),
      note,
    );
    const windows =
      span.first && span.last
        ? Array.from({ length: 4 * TOP }, () => dayWindow(span.first!, span.last!, REVENUE_DAYS, Math.floor(Math.random() * 366))!).filter(Boolean)
        : [];

    const requests: Record<PatternKey, ReadRequest[]> = {
      'order-detail': detail.map((order) => ({ path: `/v1/orders/${order.id}`, token: tokens.customer(order.customer_id) })),
      'history-first': history.first,
      'history-later': history.later,
      availability: skus.map((sku) => ({ path: `/v1/skus/${sku.id}/availability`, token: pick(customerTokens) })),
      queue: queueMerchants.map((merchant) => ({ path: `/v1/fulfillment/queue?merchantId=${merchant.id}&limit=100`, token: tokens.fulfillment(merchant.id) })),
      revenue:
        revenueMerchants.length === 0
          ? []
          : windows.map((window, index) => ({
              path: `/v1/finance/revenue?merchantId=${pick(revenueMerchants).id}&from=${window.from}&to=${window.to}`,
              token: tokens.staff('finance', index),
            })),
      timeline: timeline.map((order, index) => ({ path: `/v1/orders/${order.id}/timeline`, token: tokens.staff('admin', index) })),
      'payment-by-key': keys.map((row, index) => ({
        path: `/v1/payments?idempotencyKey=${encodeURIComponent(row.key)}`,
        token: tokens.staff('finance', index),
      })),
    };
    const skipped: Samples['skipped'] = {};
    if (history.later.length === 0) skipped['history-later'] = `no customer has more than ${HISTORY_PAGE} orders`;
    if (queueMerchants.length === 0) skipped.queue = 'the fulfillment queue is empty';
    if (requests.revenue.length === 0) skipped.revenue = `no revenue rows spanning ${REVENUE_DAYS} days`;
    for (const [key, list] of Object.entries(requests) as [PatternKey, ReadRequest[]][])
      if (list.length === 0) skipped[key] ??= 'nothing to ask for in this database';
    return {
      requests,
      skipped,
      drawn: {
        orders: orders.length,
        skus: skus.length,
        paymentKeys: keys.length,
        customers: customers.length,
        ordersOfTopCustomer: customers[0]?.orders ?? 0,
        ordersOfHundredthCustomer: customers.at(-1)?.orders ?? 0,
        laterPages: history.later.length,
        queueMerchants: queueMerchants.length,
        openOrdersOfBusiestMerchant: queueMerchants[0]?.open ?? 0,
        revenueMerchants: revenueMerchants.length,
        revenueWindows: requests.revenue.length,
      },
    };
  } finally {
    await db.end();
  }
}

/**
 * First pages for every customer, and a later page (up to HISTORY_DEPTH) for those who have one. Cursors come
 * from walking the pages through the gateway, exactly as a client would get them: their format is the orders
 * service's business.
 */
async function historyPages(platform: BenchPlatform, tokens: TokenBook, customerIds: string[], note: (line: string) => void) {
  const first: ReadRequest[] = [];
  const later: ReadRequest[] = [];
  for (const id of customerIds) {
    const token = tokens.customer(id);
    const base = `/v1/customers/${id}/orders?limit=${HISTORY_PAGE}`;
    first.push({ path: base, token });
    let cursor: string | undefined;
    for (let page = 2; page <= HISTORY_DEPTH; page++) {
      const response = await http('GET', `${platform.gateway}${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      if (response.status !== 200) {
        note(`walking the history of customer ${id} failed: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
        return { first, later };
      }
      if (!response.body?.nextCursor) break;
      cursor = response.body.nextCursor as string;
    }
    if (cursor) later.push({ path: `${base}&cursor=${encodeURIComponent(cursor)}`, token });
  }
  return { first, later };
}
