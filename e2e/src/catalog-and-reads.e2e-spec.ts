jest.setTimeout(180_000);

import { randomUUID } from 'node:crypto';
import { Platform, startPlatform, uniqueName, waitFor } from '@shop/testing';
import { Shop } from './support/shop';

/** API.md's catalog, history, payment look-up, queue and revenue endpoints against the real services. */
describe('catalog and read endpoints (real services)', () => {
  let platform: Platform;
  let shop: Shop;
  const SAGA_SCHEMAS = ['orders', 'inventory', 'payments'] as const;
  const oldInboxIds = Object.fromEntries(SAGA_SCHEMAS.map((schema) => [schema, randomUUID()]));
  const keptInboxIds = Object.fromEntries(SAGA_SCHEMAS.map((schema) => [schema, randomUUID()]));

  beforeAll(async () => {
    platform = await startPlatform({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    shop = new Shop(platform);
    // For the inbox retention test at the end: the services prune once a minute, so its rows go in first.
    for (const schema of SAGA_SCHEMAS) {
      await platform.db.pool('admin').query(
        `INSERT INTO ${schema}.inbox (consumer_group, event_id, processed_at) VALUES ($1, $2, now() - interval '46 days'), ($1, $3, now() - interval '44 days')`,
        [schema, oldInboxIds[schema], keptInboxIds[schema]],
      );
    }
  });
  afterAll(() => platform?.stop());

  it('answers what its OpenAPI document describes: every field of an order, its timeline and revenue, no more, no fewer', async () => {
    const customer = await shop.customer();
    const sku = await shop.sku({ stock: 5 });
    const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
    const order = await shop.waitForStatus(placed.body.id, 'CONFIRMED');
    const timeline = (await platform.request('GET', `/v1/orders/${order.id}/timeline`, { token: shop.admin })).body;
    const day = new Date().toISOString().slice(0, 10);
    const revenue = await waitFor('revenue of the order', async () => {
      const report = (await platform.request('GET', `/v1/finance/revenue?merchantId=${sku.merchantId}&from=${day}&to=${day}`, { token: shop.admin })).body;
      return report.rows.length > 0 ? report : undefined;
    }, 15_000, 100);
    const document = (await platform.request('GET', '/docs-json')).body;
    const schema = (path: string, method: string) => document.paths[path][method].responses['200'].content['application/json'].schema;
    const fields = (properties: Record<string, unknown>) => Object.keys(properties).sort();
    const orderSchema = schema('/v1/orders/{id}', 'get');
    expect(Object.keys(order).sort()).toEqual(fields(orderSchema.properties));
    expect(Object.keys(order.lineItems[0]).sort()).toEqual(fields(orderSchema.properties.lineItems.items.properties));
    expect(Object.keys(order.payments[0]).sort()).toEqual(fields(orderSchema.properties.payments.items.properties));
    const timelineSchema = schema('/v1/orders/{id}/timeline', 'get');
    expect(Object.keys(timeline.entries[0]).sort()).toEqual(fields(timelineSchema.properties.entries.items.properties));
    expect(timeline.entries.map((entry: { type: string }) => entry.type)).toContain(timelineSchema.properties.entries.items.properties.type.example);
    const revenueSchema = schema('/v1/finance/revenue', 'get');
    expect(Object.keys(revenue).sort()).toEqual(fields(revenueSchema.properties));
    expect(Object.keys(revenue.rows[0]).sort()).toEqual(fields(revenueSchema.properties.rows.items.properties));
    expect(revenueSchema.properties.asOf.nullable).toBe(true);
  });

  it('refuses a second customer with the same email, in any case, and writes nothing', async () => {
    const email = `Dup-${uniqueName()}@Example.com`;
    const first = await platform.request('POST', '/v1/customers', { token: shop.admin, body: { email, fullName: 'Ada' } });
    expect(first.status).toBe(201);
    for (const again of [email, email.toLowerCase(), email.toUpperCase()]) {
      const response = await platform.request('POST', '/v1/customers', { token: shop.admin, body: { email: again, fullName: 'Ada again' } });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const stored = await platform.db.pool('admin').query('SELECT email FROM orders.customers WHERE lower(email) = lower($1)', [email]);
    expect(stored.rows).toEqual([{ email }]);
  });

  it('changes a price and an address with 200, and restocks a SKU', async () => {
    const customer = await shop.customer();
    const sku = await shop.sku({ stock: 2 });
    const price = await platform.request('PATCH', `/v1/skus/${sku.id}`, { token: shop.admin, body: { priceCents: 2100 } });
    expect(price.status).toBe(200);
    const address = await platform.request('PATCH', `/v1/customers/${customer.id}/addresses/${customer.addressId}`, { token: shop.admin, body: { city: 'Paris' } });
    expect(address).toMatchObject({ status: 200, body: { id: customer.addressId, city: 'Paris' } });
    const restocked = await platform.request('POST', `/v1/skus/${sku.id}/restock`, { token: shop.admin, body: { quantity: 5 } });
    expect(restocked.status).toBe(200);
    expect(await shop.availability(sku.id)).toEqual({ skuId: sku.id, available: 7, inventoryCount: 7, reservedCount: 0 });
    const refused = await platform.request('POST', `/v1/skus/${sku.id}/restock`, { token: shop.admin, body: { quantity: 0 } });
    expect(refused.status).toBe(422);
    expect((await shop.availability(sku.id)).inventoryCount).toBe(7);
  });

  it('lets a customer delete a saved address: no longer editable or shippable, placed orders keep their snapshot', async () => {
    const customer = await shop.customer();
    const other = await shop.customer();
    const sku = await shop.sku({ stock: 5 });
    const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
    expect(placed.status).toBe(202);
    const path = `/v1/customers/${customer.id}/addresses/${customer.addressId}`;
    // Another customer cannot see it, so cannot delete it.
    expect((await platform.request('DELETE', path, { token: other.token })).status).toBe(404);
    const deleted = await platform.request('DELETE', path, { token: customer.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await platform.request('DELETE', path, { token: customer.token })).status).toBe(404);
    expect((await platform.request('PATCH', path, { token: customer.token, body: { city: 'Paris' } })).status).toBe(404);
    const refused = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
    expect(refused).toMatchObject({ status: 422, body: { errors: [{ field: 'shippingAddressId' }] } });
    expect((await shop.order(placed.body.id)).shippingAddress).toMatchObject({ line1: '1 Analytical Way', city: 'London' });
  });

  it('refuses a restock past the stock limit with 409 and keeps the count', async () => {
    const sku = await shop.sku({ stock: 1_000_000_000 - 3 });
    const refused = await platform.request('POST', `/v1/skus/${sku.id}/restock`, { token: shop.admin, body: { quantity: 4 } });
    expect(refused).toMatchObject({ status: 409, body: { status: 409, detail: expect.stringMatching(/over the limit of 1000000000/) } });
    expect((await shop.availability(sku.id)).inventoryCount).toBe(1_000_000_000 - 3);
    expect((await platform.request('POST', `/v1/skus/${sku.id}/restock`, { token: shop.admin, body: { quantity: 3 } })).status).toBe(200);
    expect((await shop.availability(sku.id)).inventoryCount).toBe(1_000_000_000);
  });

  it("pages a customer's history newest first with keyset cursors", async () => {
    const customer = await shop.customer();
    const sku = await shop.sku({ stock: 20, priceCents: 300 });
    const placed: string[] = [];
    // One after another, so placedAt orders them.
    for (const quantity of [1, 2, 3]) placed.push((await shop.placeOrder(customer, [{ skuId: sku.id, quantity }])).body.id);
    const first = await platform.request('GET', `/v1/customers/${customer.id}/orders?limit=2`, { token: customer.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: any) => item.id)).toEqual([placed[2], placed[1]]);
    expect(first.body.items[0]).toEqual({
      id: placed[2], status: expect.any(String), placedAt: expect.any(String), totalCents: 900, currency: 'USD', itemCount: 1, totalUnits: 3,
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await platform.request('GET', `/v1/customers/${customer.id}/orders?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: customer.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: placed[0], totalUnits: 1 })], nextCursor: null });
    const whole = await platform.request('GET', `/v1/customers/${customer.id}/orders`, { token: customer.token });
    expect(whole.body.items.map((item: any) => item.id)).toEqual([...placed].reverse());
    const bogus = await platform.request('GET', `/v1/customers/${customer.id}/orders?cursor=not-a-cursor`, { token: customer.token });
    expect(bogus.status).toBe(422);
  });

  it('looks a payment up by the idempotency key its order shows, and 404s an unknown key', async () => {
    const customer = await shop.customer();
    const sku = await shop.sku({ priceCents: 1250 });
    const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }]);
    const confirmed = await shop.waitForStatus(placed.body.id, 'CONFIRMED');
    const key = confirmed.payments[0].idempotencyKey;
    const finance = platform.token('finance', 'fin-1');
    const found = await platform.request('GET', `/v1/payments?idempotencyKey=${encodeURIComponent(key)}`, { token: finance });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: confirmed.payments[0].id, status: 'CAPTURED', amountCents: 2500, currency: 'USD', idempotencyKey: key, provider: 'simulated' });
    expect(JSON.stringify(found.body)).not.toMatch(/"amountCents":\d+\.\d/);
    const mine = await platform.request('GET', `/v1/payments?idempotencyKey=${encodeURIComponent(key)}`, { token: customer.token });
    expect(mine.status).toBe(200);
    const stranger = await shop.customer();
    expect((await platform.request('GET', `/v1/payments?idempotencyKey=${encodeURIComponent(key)}`, { token: stranger.token })).status).toBe(404);
    const unknown = await platform.request('GET', `/v1/payments?idempotencyKey=${randomUUID()}`, { token: finance });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("lists a merchant's open orders oldest first, refuses a closed status, and reports revenue with its freshness", async () => {
    const customer = await shop.customer();
    const merchantId = String(700_000 + Math.floor(Math.random() * 100_000));
    const sku = await shop.sku({ merchantId, priceCents: 400 });
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) ids.push((await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }])).body.id);
    for (const id of ids) await shop.waitForStatus(id, 'CONFIRMED');
    const merchant = platform.token('merchant', 'm-queue', merchantId);
    const queue = await waitFor('the queue to list both orders', async () => {
      const response = await platform.request('GET', '/v1/fulfillment/queue?status=CONFIRMED', { token: merchant });
      return response.status === 200 && response.body.items.length === 2 ? response.body : undefined;
    });
    expect(queue.items.map((item: any) => item.id)).toEqual(ids);
    expect(queue.items[0]).toEqual({ id: ids[0], status: 'CONFIRMED', placedAt: expect.any(String), customerId: customer.id, totalCents: 400, currency: 'USD' });
    const closed = await platform.request('GET', '/v1/fulfillment/queue?status=SHIPPED', { token: merchant });
    expect(closed.status).toBe(422);
    expect(closed.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);

    const day = new Date().toISOString().slice(0, 10);
    const finance = platform.token('finance', 'fin-1');
    const revenue = await waitFor('revenue to count both captures', async () => {
      const response = await platform.request('GET', `/v1/finance/revenue?merchantId=${merchantId}&from=${day}&to=${day}`, { token: finance });
      return response.status === 200 && response.body.rows[0]?.orderCount === 2 ? response.body : undefined;
    });
    expect(revenue).toEqual({ rows: [{ merchantId, day, currency: 'USD', orderCount: 2, revenueCents: 800 }], asOf: expect.any(String) });
    expect(Date.parse(revenue.asOf)).not.toBeNaN();
  });

  it('reports a day whose revenue passes 2^53 - 1 minor units with every digit', async () => {
    const customer = await shop.customer();
    const merchantId = String(800_000 + Math.floor(Math.random() * 80_000));
    const small = await shop.sku({ merchantId, priceCents: 2500 });
    const largest = await shop.sku({ merchantId, priceCents: Number.MAX_SAFE_INTEGER });
    for (const sku of [small, largest]) await shop.waitForStatus((await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }])).body.id, 'CONFIRMED');
    const day = new Date().toISOString().slice(0, 10);
    const finance = platform.token('finance', 'fin-1');
    const revenue = await waitFor('revenue to count both captures', async () => {
      const response = await platform.request('GET', `/v1/finance/revenue?merchantId=${merchantId}&from=${day}&to=${day}`, { token: finance });
      return response.status === 200 && response.body.rows[0]?.orderCount === 2 ? response : undefined;
    });
    expect(revenue.headers.get('content-type')).toMatch(/^application\/json/);
    expect(revenue.text).toContain(`"revenueCents":${(BigInt(Number.MAX_SAFE_INTEGER) + 2500n).toString()}}`);
  });

  it("hides one merchant's order from another merchant", async () => {
    const customer = await shop.customer();
    const sku = await shop.sku({ merchantId: '880001' });
    const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
    const own = platform.token('merchant', 'm-own', '880001');
    const other = platform.token('merchant', 'm-other', '880002');
    expect((await platform.request('GET', `/v1/orders/${placed.body.id}`, { token: own })).status).toBe(200);
    expect((await platform.request('GET', `/v1/orders/${placed.body.id}`, { token: other })).status).toBe(404);
    expect((await platform.request('GET', `/v1/orders/${placed.body.id}/timeline`, { token: other })).status).toBe(404);
  });

  it('prunes each saga service\'s inbox rows older than INBOX_RETENTION_DAYS (45) and keeps younger ones', async () => {
    for (const schema of SAGA_SCHEMAS) {
      const left = await waitFor(`${schema} to prune its inbox`, async () => {
        const { rows } = await platform.db.pool('admin').query<{ event_id: string }>(
          `SELECT event_id::text FROM ${schema}.inbox WHERE event_id = ANY($1::uuid[])`, [[oldInboxIds[schema], keptInboxIds[schema]]],
        );
        return rows.length === 1 ? rows.map((row) => row.event_id) : undefined;
      }, 90_000, 500);
      expect(left).toEqual([keptInboxIds[schema]]);
    }
  });
});
