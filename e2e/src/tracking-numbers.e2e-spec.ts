jest.setTimeout(180_000);

import { Platform, startPlatform, uniqueName, waitFor } from '@shop/testing';
import { brokenInvariantsAfterSuite } from './support/invariants';
import { Shop } from './support/shop';

/**
 * Shipment tracking numbers through the public API against the real services: shipping records one, order detail
 * (cached or not) shows it, GET /v1/orders?trackingNumber= finds the order for those who may see it, and every
 * refusal (a number another order has, a number with another status, a card number) changes nothing.
 */
describe('shipment tracking numbers (real services)', () => {
  let platform: Platform;
  let shop: Shop;

  beforeAll(async () => {
    platform = await startPlatform({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    shop = new Shop(platform);
  });
  afterAll(async () => {
    if (!platform) return;
    // Dual-published shipments must leave every invariant holding, the timeline projection's included.
    const broken = await brokenInvariantsAfterSuite(platform.db.adminUrl);
    await platform.stop();
    expect(broken).toEqual([]);
  });

  const trackingNumber = () => `1Z${uniqueName().replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 40);
  const ship = (orderId: string, token: string, body: Record<string, unknown>) => platform.request('POST', `/v1/orders/${orderId}/transitions`, { token, body });
  const lookUp = (number: string, token: string) => platform.request('GET', `/v1/orders?trackingNumber=${encodeURIComponent(number)}`, { token });
  const stored = async (orderId: string) => {
    const admin = platform.db.pool('admin');
    const order = (await admin.query(`SELECT status, tracking_number FROM orders.orders WHERE id = $1`, [orderId])).rows[0];
    const shipped = (await admin.query(`SELECT count(*)::int AS n FROM orders.order_events WHERE order_id = $1 AND event_type = 'orders.order-shipped'`, [orderId])).rows[0].n;
    return { ...order, shippedEvents: shipped };
  };

  /** A CONFIRMED order of a merchant of its own, with the tokens that may and may not see it. */
  async function confirmedOrder() {
    const customer = await shop.customer();
    const sku = await shop.sku({ stock: 5 });
    const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
    await shop.waitForStatus(placed.body.id, 'CONFIRMED');
    return {
      id: placed.body.id as string,
      skuId: sku.id,
      customer,
      merchant: platform.token('merchant', 'm-ship', sku.merchantId),
      fulfillment: platform.token('fulfillment', 'f-ship', sku.merchantId),
    };
  }

  it('ships with a tracking number: the answer, the detail and the look-up show it, and the event carries it', async () => {
    const order = await confirmedOrder();
    const number = trackingNumber();
    const shipped = await ship(order.id, order.fulfillment, { to: 'SHIPPED', trackingNumber: number });
    expect(shipped).toMatchObject({ status: 200, body: { id: order.id, status: 'SHIPPED', trackingNumber: number } });
    expect(await shop.order(order.id)).toMatchObject({ status: 'SHIPPED', trackingNumber: number });
    const found = await lookUp(number, shop.admin);
    expect(found).toMatchObject({ status: 200, body: { id: order.id, status: 'SHIPPED', trackingNumber: number, payments: [expect.objectContaining({ status: 'CAPTURED' })] } });
    expect(found.headers.get('content-type')).toMatch(/^application\/json/);
    // The look-up answers exactly the Order of GET /v1/orders/{id} and of the OpenAPI document.
    expect(found.body).toEqual(await shop.order(order.id));
    const document = (await platform.request('GET', '/docs-json')).body;
    const orderSchema = document.paths['/v1/orders'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(found.body).sort()).toEqual(Object.keys(orderSchema.properties).sort());
    expect(orderSchema.properties.trackingNumber.nullable).toBe(true);
    // OrderShipped v1 for its consumers, then v2 with the number; the timeline shows the shipment once.
    const events = await platform.db.pool('admin').query(
      `SELECT event_version, payload -> 'payload' ->> 'trackingNumber' AS tracking FROM orders.order_events WHERE order_id = $1 AND event_type = 'orders.order-shipped' ORDER BY sequence`,
      [order.id],
    );
    expect(events.rows).toEqual([{ event_version: 1, tracking: null }, { event_version: 2, tracking: number }]);
    const timeline = await platform.request('GET', `/v1/orders/${order.id}/timeline`, { token: order.customer.token });
    expect(timeline.body.entries.filter((entry: { toStatus: string }) => entry.toStatus === 'SHIPPED')).toHaveLength(1);
    // Stock left the building (inventory stays on v1).
    await waitFor('stock to be committed', async () => ((await shop.availability(order.skuId)).inventoryCount === 4 ? true : undefined));
  });

  it('shows null until shipped, and then the number in the cached detail when the shipment happened behind the gateway', async () => {
    const order = await confirmedOrder();
    expect((await shop.order(order.id)).trackingNumber).toBeNull();
    const hits = async () => Number(/gateway_order_cache_events_total\{[^}]*event="hit"[^}]*\} (\d+)/.exec(String((await platform.request('GET', '/metrics')).body))?.[1] ?? 0);
    const before = await hits();
    expect((await shop.order(order.id)).trackingNumber).toBeNull();
    expect(await hits()).toBeGreaterThan(before);
    const number = trackingNumber();
    // Straight to the orders service, as a second gateway would: only the database's announcement tells this one.
    const shipped = await fetch(`http://127.0.0.1:${platform.internalPortBase + 1}/internal/orders/${order.id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-actor': 'admin:e2e' },
      body: JSON.stringify({ to: 'SHIPPED', trackingNumber: number }),
    });
    expect(shipped.status).toBe(200);
    const cached = await shop.waitForOrder(order.id, (detail) => detail.trackingNumber === number, 'shown with its tracking number', 2_000);
    expect(cached.status).toBe('SHIPPED');
  });

  it("finds an order by its number for admin, its customer, merchant and fulfillment; others get an unknown number's 404", async () => {
    const order = await confirmedOrder();
    const number = trackingNumber();
    expect((await ship(order.id, order.merchant, { to: 'SHIPPED', trackingNumber: number })).status).toBe(200);
    for (const token of [shop.admin, order.customer.token, order.merchant, order.fulfillment]) {
      expect(await lookUp(number, token)).toMatchObject({ status: 200, body: { id: order.id, trackingNumber: number } });
    }
    const unknown = await lookUp(`${number}X`, shop.admin);
    expect(unknown.status).toBe(404);
    const stranger = await shop.customer();
    const others = [stranger.token, platform.token('merchant', 'm-other', '999999991'), platform.token('fulfillment', 'f-other', '999999991')];
    for (const token of others) {
      const hidden = await lookUp(number, token);
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Worded as the unknown number is: nothing tells that this one is on somebody's order.
      expect({ ...hidden.body, detail: hidden.body.detail.replace(number, '') }).toEqual({ ...unknown.body, detail: unknown.body.detail.replace(`${number}X`, '') });
    }
    expect((await lookUp(number, platform.token('finance', 'fin-1'))).status).toBe(403);
  });

  it('refuses a number another order has with 409 problem+json, and writes nothing', async () => {
    const first = await confirmedOrder();
    const second = await confirmedOrder();
    const number = trackingNumber();
    expect((await ship(first.id, first.merchant, { to: 'SHIPPED', trackingNumber: number })).status).toBe(200);
    const duplicate = await ship(second.id, second.merchant, { to: 'SHIPPED', trackingNumber: number });
    expect(duplicate).toMatchObject({ status: 409, body: { status: 409, detail: `tracking number "${number}" is already on another order` } });
    expect(duplicate.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stored(second.id)).toEqual({ status: 'CONFIRMED', tracking_number: null, shippedEvents: 0 });
    expect((await shop.order(second.id)).trackingNumber).toBeNull();
    expect(await shop.availability(second.skuId)).toMatchObject({ inventoryCount: 5, reservedCount: 1 });
    expect((await lookUp(number, shop.admin)).body.id).toBe(first.id);
    // Shipping it with a number of its own still works.
    expect((await ship(second.id, second.merchant, { to: 'SHIPPED', trackingNumber: trackingNumber() })).status).toBe(200);
  });

  it('refuses a tracking number with any other status, or one badly formed, with 422 naming the field', async () => {
    const order = await confirmedOrder();
    for (const body of [
      { to: 'CANCELLED', trackingNumber: trackingNumber() },
      { to: 'DELIVERED', trackingNumber: trackingNumber() },
      { to: 'SHIPPED', trackingNumber: ` ${trackingNumber()}` },
      { to: 'SHIPPED', trackingNumber: 'A'.repeat(101) },
      { to: 'SHIPPED', trackingNumber: 'line\nbreak' },
    ]) {
      const refused = await ship(order.id, order.merchant, body);
      expect(refused).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'trackingNumber' })] } });
    }
    expect(await stored(order.id)).toEqual({ status: 'CONFIRMED', tracking_number: null, shippedEvents: 0 });
  });

  it('refuses a tracking number that reads as a card number with the usual 422, and stores nothing', async () => {
    const order = await confirmedOrder();
    for (const number of ['4111111111111111', '4111 1111 1111 1111', 'TRK-4111-1111-1111-1111']) {
      const refused = await ship(order.id, order.merchant, { to: 'SHIPPED', trackingNumber: number });
      expect(refused).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'trackingNumber' })] } });
      expect(JSON.stringify(refused.body)).not.toContain('1111');
      expect((await lookUp(number, shop.admin)).status).toBe(422);
    }
    expect(await stored(order.id)).toEqual({ status: 'CONFIRMED', tracking_number: null, shippedEvents: 0 });
  });

  it('refuses a repeated SHIPPED as any repeated transition (409), keeping the first number', async () => {
    const order = await confirmedOrder();
    const number = trackingNumber();
    expect((await ship(order.id, order.merchant, { to: 'SHIPPED', trackingNumber: number })).status).toBe(200);
    for (const again of [number, trackingNumber()]) {
      expect((await ship(order.id, order.merchant, { to: 'SHIPPED', trackingNumber: again })).status).toBe(409);
    }
    expect(await stored(order.id)).toEqual({ status: 'SHIPPED', tracking_number: number, shippedEvents: 2 });
  });
});
