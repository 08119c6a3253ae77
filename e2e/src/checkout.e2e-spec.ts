jest.setTimeout(180_000);

import { randomUUID } from 'node:crypto';
import { Platform, startPlatform, waitFor } from '@shop/testing';
import { brokenInvariantsAfterSuite } from './support/invariants';
import { busModes } from './support/modes';
import { Shop } from './support/shop';

for (const { mode, run, reason } of busModes()) {
  const describeMode = run ? describe : describe.skip;
  describeMode(`checkout end to end (BUS=${mode})${run ? '' : ` — skipped: ${reason}`}`, () => {
    let platform: Platform;
    let shop: Shop;

    beforeAll(async () => {
      platform = await startPlatform({ bus: mode, env: { RESERVATION_TTL_SECONDS: '15' } });
      shop = new Shop(platform);
    });
    afterAll(async () => {
      if (!platform) return;
      // The whole run must leave the platform consistent: every invariant, including no stored card numbers.
      const broken = await brokenInvariantsAfterSuite(platform.db.adminUrl);
      await platform.stop();
      expect(broken).toEqual([]);
    });

    it('confirms a paid order, and later price and address changes leave it alone', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ priceCents: 2500, stock: 5 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }]);
      expect(placed.status).toBe(202);
      expect(placed.body).toMatchObject({ status: 'PENDING', subtotalCents: 5000, taxCents: 0, shippingCents: 0, totalCents: 5000, currency: 'USD' });
      // API.md's Order, payments included: a new checkout has asked for none yet.
      expect(placed.body.payments).toEqual([]);
      const confirmed = await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      expect(confirmed.payments).toEqual([expect.objectContaining({ status: 'CAPTURED', amountCents: 5000, currency: 'USD', provider: 'simulated' })]);
      expect(await shop.availability(sku.id)).toMatchObject({ available: 3, reservedCount: 2, inventoryCount: 5 });

      await platform.request('PATCH', `/v1/skus/${sku.id}`, { token: shop.admin, body: { priceCents: 9999 } });
      await platform.request('PATCH', `/v1/customers/${customer.id}/addresses/${customer.addressId}`, { token: shop.admin, body: { city: 'Cambridge' } });
      const later = await shop.order(placed.body.id);
      expect(later.lineItems).toEqual([expect.objectContaining({ skuId: sku.id, quantity: 2, unitPriceCents: 2500 })]);
      expect(later.shippingAddress.city).toBe('London');
      expect(later.totalCents).toBe(5000);
    });

    it('cancels an order it cannot fill and holds nothing', async () => {
      const customer = await shop.customer();
      const scarce = await shop.sku({ stock: 1, merchantId: '77' });
      const plenty = await shop.sku({ stock: 50, merchantId: '77' });
      const placed = await shop.placeOrder(customer, [{ skuId: plenty.id, quantity: 3 }, { skuId: scarce.id, quantity: 2 }]);
      expect(placed.status).toBe(202);
      const cancelled = await shop.waitForStatus(placed.body.id, 'CANCELLED');
      expect(cancelled.cancelledAt).not.toBeNull();
      expect(cancelled.payments).toEqual([]);
      expect(await shop.availability(plenty.id)).toMatchObject({ available: 50, reservedCount: 0 });
      expect(await shop.availability(scarce.id)).toMatchObject({ available: 1, reservedCount: 0 });
    });

    it('keeps a declined order pending, and a retry with another token confirms it with a second payment row', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku();
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }], 'tok_chargeDeclined');
      // A retry is allowed once the order itself has recorded the decline (its timeline shows it).
      await shop.waitForTimeline(placed.body.id, customer.token, 'orders.payment-declined');
      const declined = await shop.order(placed.body.id);
      expect(declined.status).toBe('PENDING');
      expect(declined.payments.map((payment: any) => [payment.status, payment.failureCode])).toEqual([['FAILED', 'card declined']]);
      const key = randomUUID();
      const retry = await platform.request('POST', `/v1/orders/${placed.body.id}/payments`, { token: customer.token, body: { token: 'tok_visa' }, headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(202);
      expect(retry.body.payments[0]).toMatchObject({ status: 'FAILED', idempotencyKey: declined.payments[0].idempotencyKey });
      // The same key again is the same retry, not a third attempt; with another token it is a conflict.
      const again = await platform.request('POST', `/v1/orders/${placed.body.id}/payments`, { token: customer.token, body: { token: 'tok_visa' }, headers: { 'idempotency-key': key } });
      expect(again.status).toBe(202);
      const reused = await platform.request('POST', `/v1/orders/${placed.body.id}/payments`, { token: customer.token, body: { token: 'tok_mastercard' }, headers: { 'idempotency-key': key } });
      expect(reused).toMatchObject({ status: 409, body: { status: 409 } });
      const confirmed = await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      expect(confirmed.payments.map((payment: any) => [payment.status, payment.failureCode])).toEqual([['FAILED', 'card declined'], ['CAPTURED', null]]);
      // A confirmed order has nothing to retry.
      const late = await platform.request('POST', `/v1/orders/${placed.body.id}/payments`, { token: customer.token, body: { token: 'tok_visa' }, headers: { 'idempotency-key': randomUUID() } });
      expect(late).toMatchObject({ status: 409, body: { status: 409 } });
      expect((await shop.order(placed.body.id)).payments).toHaveLength(2);
    });

    it('cancels a declined order at its deadline and releases its stock', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 4 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 3 }], 'tok_chargeDeclined');
      await shop.waitForOrder(placed.body.id, (order) => order.payments.some((payment: any) => payment.status === 'FAILED'), 'declined');
      expect((await shop.availability(sku.id)).reservedCount).toBe(3);
      const cancelled = await shop.waitForStatus(placed.body.id, 'CANCELLED', 40_000);
      expect(cancelled.payments.map((payment: any) => payment.status)).toEqual(['FAILED']);
      await waitFor('stock to be released', async () => ((await shop.availability(sku.id)).reservedCount === 0 ? true : undefined));
      const timeline = await platform.request('GET', `/v1/orders/${placed.body.id}/timeline`, { token: customer.token });
      expect(timeline.body.entries.at(-1)).toMatchObject({ toStatus: 'CANCELLED', actor: 'system:saga-timeout' });
    });

    it('retries transient provider errors with the same key and captures exactly once', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ priceCents: 700 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }], 'tok_processingError');
      const confirmed = await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      expect(confirmed.payments).toHaveLength(1);
      const ledger = await platform.db.pool('admin').query(
        `SELECT count(*)::int AS charges, sum(calls)::int AS calls FROM provider_sim.ledger WHERE kind = 'CHARGE' AND idempotency_key = $1`,
        [confirmed.payments[0].idempotencyKey],
      );
      expect(ledger.rows[0].charges).toBe(1);
      const failures = await platform.db.pool('admin').query(`SELECT failures FROM provider_sim.transient_failures WHERE idempotency_key = $1`, [confirmed.payments[0].idempotencyKey]);
      expect(failures.rows[0].failures).toBe(2);
    });

    it('refunds and releases stock when a confirmed order is cancelled', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 3, priceCents: 1200 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }]);
      await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      const cancel = await platform.request('POST', `/v1/orders/${placed.body.id}/cancel`, { token: customer.token, body: { reason: 'changed my mind' } });
      expect(cancel.status).toBe(202);
      // The 202 is API.md's Order: the captured payment is there (or already refunded, if the refund was quick).
      expect(cancel.body.payments).toEqual([expect.objectContaining({ status: expect.stringMatching(/^(CAPTURED|REFUNDED)$/), amountCents: 2400 })]);
      const refunded = await shop.waitForOrder(placed.body.id, (order) => order.payments[0]?.status === 'REFUNDED', 'refunded');
      expect(refunded.status).toBe('CANCELLED');
      await waitFor('stock to be released', async () => ((await shop.availability(sku.id)).available === 3 ? true : undefined));
      const ledger = await platform.db.pool('admin').query(`SELECT kind, amount_cents::int AS amount FROM provider_sim.ledger WHERE charge_ref = $1`, [refunded.payments[0].providerRef]);
      expect(ledger.rows).toEqual([{ kind: 'REFUND', amount: 2400 }]);
    });

    it('cancels a pending order: its stock is released and nothing is refunded', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 5 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }], 'tok_chargeDeclined');
      await shop.waitForTimeline(placed.body.id, customer.token, 'orders.payment-declined');
      expect(await shop.availability(sku.id)).toMatchObject({ available: 3, reservedCount: 2 });
      const cancel = await platform.request('POST', `/v1/orders/${placed.body.id}/cancel`, { token: customer.token, body: { reason: 'found it cheaper' } });
      expect(cancel.status).toBe(202);
      expect(cancel.body).toMatchObject({ status: 'CANCELLED', payments: [expect.objectContaining({ status: 'FAILED' })] });
      await waitFor('stock to be released', async () => ((await shop.availability(sku.id)).reservedCount === 0 ? true : undefined));
      expect(await shop.availability(sku.id)).toMatchObject({ available: 5, inventoryCount: 5 });
      const admin = platform.db.pool('admin');
      expect((await admin.query(`SELECT count(*)::int AS n FROM payments.refunds WHERE order_id = $1`, [placed.body.id])).rows[0].n).toBe(0);
      const refs = cancel.body.payments.map((payment: any) => payment.providerRef).filter(Boolean);
      expect((await admin.query(`SELECT count(*)::int AS n FROM provider_sim.ledger WHERE kind = 'REFUND' AND charge_ref = ANY($1)`, [refs])).rows[0].n).toBe(0);
      const again = await platform.request('POST', `/v1/orders/${placed.body.id}/cancel`, { token: customer.token, body: { reason: 'twice' } });
      expect(again.status).toBe(409);
    });

    it('never charges a payment whose order was cancelled before payments read the request', async () => {
      // Payments paused: the request and the cancellation wait together, as for a group catching up after an outage.
      const bus = `http://127.0.0.1:${platform.internalPortBase + 3}/internal/bus`;
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 2 });
      expect((await fetch(`${bus}/pause`, { method: 'POST' })).status).toBe(200);
      let orderId: string;
      try {
        const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
        orderId = placed.body.id;
        await shop.waitForTimeline(orderId, customer.token, 'orders.payment-requested');
        const cancel = await platform.request('POST', `/v1/orders/${orderId}/cancel`, { token: customer.token, body: { reason: 'changed my mind' } });
        expect(cancel.status).toBe(202);
      } finally {
        await fetch(`${bus}/resume`, { method: 'POST' });
      }
      const settled = await shop.waitForOrder(orderId, (order) => order.payments.length > 0 && order.payments[0].status !== 'PENDING', 'settled');
      expect(settled.payments).toEqual([expect.objectContaining({ status: 'FAILED', failureCode: 'cancelled before the charge' })]);
      const admin = platform.db.pool('admin');
      const ledger = await admin.query(`SELECT kind, status FROM provider_sim.ledger WHERE idempotency_key = $1`, [settled.payments[0].idempotencyKey]);
      expect(ledger.rows).toEqual([{ kind: 'CHARGE', status: 'CANCELLED' }]);
      expect((await admin.query(`SELECT count(*)::int AS n FROM payments.refunds WHERE order_id = $1`, [orderId])).rows[0].n).toBe(0);
    });

    it("serves order detail from the gateway's cache and follows a change made behind the gateway's back", async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 3 });
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]);
      await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      await shop.order(placed.body.id);
      const hits = async () => Number(/gateway_order_cache_events_total\{[^}]*event="hit"[^}]*\} (\d+)/.exec(String((await platform.request('GET', '/metrics')).body))?.[1] ?? 0);
      const before = await hits();
      expect((await shop.order(placed.body.id)).status).toBe('CONFIRMED');
      expect(await hits()).toBeGreaterThan(before);
      // Straight to the orders service, as a second gateway would: only the database's announcement tells this one.
      const shipped = await fetch(`http://127.0.0.1:${platform.internalPortBase + 1}/internal/orders/${placed.body.id}/transitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-actor': 'admin:e2e' },
        body: JSON.stringify({ to: 'SHIPPED' }),
      });
      expect(shipped.status).toBe(200);
      await shop.waitForStatus(placed.body.id, 'SHIPPED', 2_000);
    });

    it('ships (committing stock) and delivers; refuses illegal and stale transitions with 409', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku({ stock: 5 });
      const merchant = platform.token('merchant', 'm-user', sku.merchantId);
      const placed = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }]);
      const id = placed.body.id;
      const early = await platform.request('POST', `/v1/orders/${id}/transitions`, { token: merchant, body: { to: 'CONFIRMED' } });
      expect(early.status).toBe(409);
      await shop.waitForStatus(id, 'CONFIRMED');
      const stale = await platform.request('POST', `/v1/orders/${id}/transitions`, { token: merchant, body: { to: 'SHIPPED', expectedFrom: 'PENDING' } });
      expect(stale.status).toBe(409);
      expect((await platform.request('POST', `/v1/orders/${id}/transitions`, { token: merchant, body: { to: 'SHIPPED', expectedFrom: 'CONFIRMED' } })).status).toBe(200);
      await waitFor('stock to leave the building', async () => {
        const level = await shop.availability(sku.id);
        return level.inventoryCount === 3 && level.reservedCount === 0 ? true : undefined;
      });
      expect((await platform.request('POST', `/v1/orders/${id}/transitions`, { token: merchant, body: { to: 'DELIVERED' } })).status).toBe(200);
      const backwards = await platform.request('POST', `/v1/orders/${id}/transitions`, { token: merchant, body: { to: 'PENDING' } });
      expect(backwards.status).toBe(409);
      expect(backwards.headers.get('content-type')).toContain('application/problem+json');
      expect((await platform.request('POST', `/v1/orders/${id}/cancel`, { token: customer.token, body: { reason: 'too late' } })).status).toBe(409);
      const timeline = await platform.request('GET', `/v1/orders/${id}/timeline`, { token: customer.token });
      expect(timeline.body.entries.filter((entry: any) => entry.toStatus).map((entry: any) => entry.toStatus)).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED']);
    });

    it('replays the same Idempotency-Key and body to the same order, and refuses the key with another body', async () => {
      const customer = await shop.customer();
      const sku = await shop.sku();
      const key = randomUUID();
      const first = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }], 'tok_visa', key);
      const again = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }], 'tok_visa', key);
      expect(again.status).toBe(202);
      expect(again.body.id).toBe(first.body.id);
      const other = await shop.placeOrder(customer, [{ skuId: sku.id, quantity: 2 }], 'tok_visa', key);
      expect(other.status).toBe(409);
      const count = await platform.db.pool('admin').query('SELECT count(*)::int AS n FROM orders.orders WHERE customer_id = $1', [customer.id]);
      expect(count.rows[0].n).toBe(1);
    });

    it("hides other customers' and merchants' orders", async () => {
      const alice = await shop.customer();
      const bob = await shop.customer();
      const sku = await shop.sku({ merchantId: '501' });
      const placed = await shop.placeOrder(alice, [{ skuId: sku.id, quantity: 1 }]);
      const id = placed.body.id;
      expect((await platform.request('GET', `/v1/orders/${id}`, { token: bob.token })).status).toBe(404);
      expect((await platform.request('GET', `/v1/orders/${id}/timeline`, { token: bob.token })).status).toBe(404);
      expect((await platform.request('GET', `/v1/customers/${alice.id}/orders`, { token: bob.token })).status).toBe(404);
      expect((await platform.request('GET', `/v1/orders/${id}`, { token: alice.token })).status).toBe(200);
      const otherMerchant = platform.token('merchant', 'm2', '502');
      expect((await platform.request('POST', `/v1/orders/${id}/transitions`, { token: otherMerchant, body: { to: 'SHIPPED' } })).status).toBe(404);
      const bobOrder = await platform.request('POST', '/v1/orders', {
        token: bob.token, headers: { 'idempotency-key': randomUUID() },
        body: { customerId: alice.id, shippingAddressId: alice.addressId, items: [{ skuId: sku.id, quantity: 1 }], payment: { token: 'tok_visa' } },
      });
      expect([403, 404]).toContain(bobOrder.status);
    });

    it('exposes every service\'s metrics through the gateway, including saga steps, lag, dead letters and expiries', async () => {
      const response = await platform.request('GET', '/metrics', { token: shop.admin });
      expect(response.status).toBe(200);
      for (const metric of ['http_request_duration_seconds_bucket', 'saga_step_duration_seconds_bucket', 'bus_consumer_lag_events', 'bus_dead_letters', 'bus_events_handled_total']) {
        expect(response.body).toContain(metric);
      }
      // The deadline scenario above cancelled an order at its deadline.
      expect(response.body).toMatch(/reservation_expiries_total\{[^}]*source="saga-deadline"[^}]*\} [1-9]/);
      // Each projection's group apart: the queue and the timeline both take OrderPlaced.
      expect(response.body).toMatch(/saga_step_duration_seconds_count\{service="projections",group="projection:timeline",type="orders.order-placed"\} [1-9]/);
    });

    it('sells exactly the stock in a flash sale: 180 concurrent orders for 20 units', async () => {
      const sku = await shop.sku({ stock: 20, priceCents: 100 });
      const buyers = await Promise.all(Array.from({ length: 12 }, () => shop.customer()));
      await shop.placeOrder(buyers[0], [{ skuId: sku.id, quantity: 1 }]).then((response) => shop.waitForStatus(response.body.id, 'CONFIRMED'));
      const responses = await Promise.all(Array.from({ length: 179 }, (_, index) => shop.placeOrder(buyers[index % buyers.length], [{ skuId: sku.id, quantity: 1 }])));
      expect(responses.every((response) => response.status === 202)).toBe(true);
      const ids = responses.map((response) => response.body.id as string);
      const final = await Promise.all(ids.map((id) => shop.waitForOrder(id, (order) => order.status === 'CONFIRMED' || order.status === 'CANCELLED', 'settled', 60_000)));
      expect(final.filter((order) => order.status === 'CONFIRMED')).toHaveLength(19);
      expect(await shop.availability(sku.id)).toEqual({ skuId: sku.id, available: 0, inventoryCount: 20, reservedCount: 20 });
      const captures = await platform.db.pool('admin').query(`SELECT count(*)::int AS n FROM provider_sim.ledger l JOIN payments.payments p ON p.idempotency_key = l.idempotency_key
        WHERE l.kind = 'CHARGE' AND l.status = 'SUCCEEDED' AND p.order_id = ANY($1::bigint[])`, [ids]);
      expect(captures.rows[0].n).toBe(19);
    });
  });
}
