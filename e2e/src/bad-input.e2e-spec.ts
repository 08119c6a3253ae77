jest.setTimeout(180_000);

import { randomUUID } from 'node:crypto';
import { Platform, startPlatform, waitFor } from '@shop/testing';
import type { Pool } from 'pg';
import { Shop } from './support/shop';

const TABLES = [
  'orders.customers', 'orders.addresses', 'orders.orders', 'orders.order_line_items', 'orders.order_events', 'orders.idempotency_keys',
  'inventory.products', 'inventory.skus', 'inventory.reservations', 'inventory.outbox', 'payments.payments', 'payments.outbox', 'provider_sim.ledger',
];

describe('bad input through the public API changes nothing (real services)', () => {
  let platform: Platform;
  let shop: Shop;
  let customer: Awaited<ReturnType<Shop['customer']>>;
  let usd: Awaited<ReturnType<Shop['sku']>>;
  let eur: Awaited<ReturnType<Shop['sku']>>;
  let otherMerchant: Awaited<ReturnType<Shop['sku']>>;
  let priciest: Awaited<ReturnType<Shop['sku']>>;
  let free: Awaited<ReturnType<Shop['sku']>>;
  let admin: Pool;

  beforeAll(async () => {
    platform = await startPlatform({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    shop = new Shop(platform);
    customer = await shop.customer();
    usd = await shop.sku({ merchantId: '10' });
    eur = await shop.sku({ merchantId: '10', currency: 'EUR' });
    otherMerchant = await shop.sku({ merchantId: '11' });
    priciest = await shop.sku({ merchantId: '12', priceCents: Number.MAX_SAFE_INTEGER });
    free = await shop.sku({ merchantId: '10', priceCents: 0 });
    // Make sure the orders replica knows the SKUs, so a refusal below is about the input, not about timing.
    const setup = [usd, eur, otherMerchant, priciest].map((sku) => shop.placeOrder(customer, [{ skuId: sku.id, quantity: 1 }]));
    setup.push(shop.placeOrder(customer, [{ skuId: free.id, quantity: 1 }, { skuId: usd.id, quantity: 1 }])); // a free item rides with a priced one
    for (const placed of await Promise.all(setup)) await shop.waitForStatus(placed.body.id, 'CONFIRMED');
    admin = platform.db.pool('admin');
    await waitFor('the setup to reach every read model', async () => ((await admin.query('SELECT count(*)::int AS n FROM readmodels.order_timeline')).rows[0].n >= 4 * setup.length ? true : undefined));
  });
  afterAll(() => platform?.stop());

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of TABLES) result[table] = (await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return result;
  };
  const order = (overrides: Record<string, unknown> = {}) => ({ customerId: customer.id, shippingAddressId: customer.addressId, items: [{ skuId: usd.id, quantity: 1 }], payment: { token: 'tok_visa' }, ...overrides });

  const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const cases: [string, number, () => Promise<{ status: number; headers: Headers; body: any }>][] = [
    ['malformed JSON', 400, () => platform.request('POST', '/v1/orders', { token: customer.token, rawBody: '{"customerId":', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() } })],
    ['missing Idempotency-Key', 400, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order() })],
    ['no token', 401, () => platform.request('POST', '/v1/orders', { body: order(), headers: { 'idempotency-key': randomUUID() } })],
    ['forged token', 401, () => platform.request('POST', '/v1/orders', { token: `${customer.token}x`, body: order(), headers: { 'idempotency-key': randomUUID() } })],
    ['a customer creating a product', 403, () => platform.request('POST', '/v1/products', { token: customer.token, body: { merchantId: '1', name: 'x' } })],
    ["another customer's order", 404, () => platform.request('GET', '/v1/orders/999999999', { token: customer.token })],
    ['the order history of a customer that does not exist', 404, () => platform.request('GET', '/v1/customers/987654321/orders', { token: shop.admin })],
    ['body over 1 MB', 413, () => platform.request('POST', '/v1/customers', { token: shop.admin, rawBody: JSON.stringify({ email: 'a@b.c', fullName: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } })],
    ['unknown field', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ discountCents: 100 }), headers: { 'idempotency-key': randomUUID() } })],
    ['wrong type', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: 'lots' }), headers: { 'idempotency-key': randomUUID() } })],
    ['float money', 422, () => platform.request('POST', '/v1/skus', { token: shop.admin, body: { productId: '1', skuCode: `F-${randomUUID()}`, priceCents: 19.99, currency: 'USD', inventoryCount: 1 } })],
    ['negative money', 422, () => platform.request('PATCH', `/v1/skus/${usd.id}`, { token: shop.admin, body: { priceCents: -1 } })],
    ['quantity 0', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: usd.id, quantity: 0 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['quantity 1001', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: usd.id, quantity: 1001 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['unknown currency', 422, () => platform.request('POST', '/v1/skus', { token: shop.admin, body: { productId: '1', skuCode: `C-${randomUUID()}`, priceCents: 1, currency: 'XYZ', inventoryCount: 1 } })],
    ['mixed currencies', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: usd.id, quantity: 1 }, { skuId: eur.id, quantity: 1 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['mixed merchants', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: usd.id, quantity: 1 }, { skuId: otherMerchant.id, quantity: 1 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['a card number as payment token', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ payment: { token: '4242 4242 4242 4242' } }), headers: { 'idempotency-key': randomUUID() } })],
    ['a card number in an address', 422, () => platform.request('POST', `/v1/customers/${customer.id}/addresses`, { token: shop.admin, body: { line1: '4111111111111111', city: 'x', postalCode: '1', countryCode: 'US' } })],
    // The gateway's order of refusals holds for card numbers too: no token is a 401, a body it cannot read a 415.
    ['a card number without a token', 401, () => platform.request('POST', '/v1/customers', { body: { email: 'c@example.com', fullName: '4111111111111111' } })],
    ['a card number in a text/plain body', 415, () => platform.request('POST', '/v1/customers', { token: shop.admin, rawBody: 'card 4111111111111111', headers: { 'content-type': 'text/plain' } })],
    ['a total over the largest exact JSON number', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: priciest.id, quantity: 2 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['an order that costs nothing', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: free.id, quantity: 2 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['a payment token the saga cannot carry', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ payment: { token: 'pm_visa' } }), headers: { 'idempotency-key': randomUUID() } })],
    ['an unknown SKU', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, body: order({ items: [{ skuId: '987654321', quantity: 1 }] }), headers: { 'idempotency-key': randomUUID() } })],
    ['a "__proto__" key', 422, () => platform.request('POST', '/v1/orders', { token: customer.token, rawBody: '{"__proto__":{"x":1},"customerId":"1"}', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() } })],
    ['a "constructor.prototype" key', 422, () => platform.request('POST', '/v1/customers', { token: shop.admin, rawBody: '{"email":"p@example.com","fullName":"P","constructor":{"prototype":{}}}', headers: { 'content-type': 'application/json' } })],
    ['a cursor on 30 February', 422, () => platform.request('GET', `/v1/customers/${customer.id}/orders?cursor=${cursorOf('2026-02-30T00:00:00Z|5')}`, { token: customer.token })],
    ['a queue cursor past the largest bigint', 422, () => platform.request('GET', `/v1/fulfillment/queue?merchantId=1&cursor=${cursorOf('2026-01-01T00:00:00Z|9999999999999999999')}`, { token: shop.admin })],
    ['a lone surrogate in a cancel reason', 422, () => platform.request('POST', '/v1/orders/1/cancel', { token: shop.admin, body: { reason: '\udfff oops' } })],
    ['NUL in a SKU attribute', 422, () => platform.request('POST', '/v1/skus', { token: shop.admin, body: { productId: '1', skuCode: `N-${randomUUID()}`, priceCents: 1, currency: 'USD', inventoryCount: 1, attributes: { size: 'a\u0000b' } } })],
    ['an illegal transition', 409, () => platform.request('POST', '/v1/orders/1/transitions', { token: shop.admin, body: { to: 'DELIVERED' } })],
  ];

  it.each(cases)('%s -> %i, problem+json, nothing written', async (_name, status, send) => {
    const before = await counts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
    expect(JSON.stringify(response.body)).not.toMatch(/4111111111111111|4242 4242 4242 4242/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything the request caused would have reached the log by now
    expect(await counts()).toEqual(before);
  });

  // The services validate their internal bodies with the gateway's schemas: a caller that skips the gateway gets the
  // 422 naming the field it would have got there, not a database error (a missing name was a NOT NULL violation, 500).
  const internal = async (service: 'orders' | 'inventory', method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> => {
    const port = platform.internalPortBase + (service === 'orders' ? 1 : 2);
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-actor': 'admin:e2e', ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const key = () => ({ 'idempotency-key': randomUUID() });

  const internalCases: [string, string, RegExp, () => ReturnType<typeof internal>][] = [
    ['a product without a name', 'name', /is required/, () => internal('inventory', 'POST', '/internal/products', { merchantId: '10' })],
    ['a SKU without a price', 'priceCents', /is required/, () => internal('inventory', 'POST', '/internal/skus', { productId: '1', skuCode: `P-${randomUUID()}`, currency: 'USD', inventoryCount: 1 })],
    ['an empty price change', 'body', /at least 1/, () => internal('inventory', 'PATCH', `/internal/skus/${usd.id}`, {})],
    ['a restock without a quantity', 'quantity', /is required/, () => internal('inventory', 'POST', `/internal/skus/${usd.id}/restock`, {})],
    ['a customer without a name', 'fullName', /is required/, () => internal('orders', 'POST', '/internal/customers', { email: `${randomUUID()}@example.com` })],
    ['an address without a postcode', 'postalCode', /is required/, () => internal('orders', 'POST', `/internal/customers/${customer.id}/addresses`, { line1: '1 Way', city: 'Cork', countryCode: 'IE' })],
    ['an order without items', 'items', /is required/, () => internal('orders', 'POST', '/internal/orders', order({ items: undefined }), key())],
    ['a transition without a target', 'to', /is required/, () => internal('orders', 'POST', '/internal/orders/1/transitions', { reason: 'no target' })],
    ['a payment retry without a token', 'token', /is required/, () => internal('orders', 'POST', '/internal/orders/1/payments', {}, key())],
    // `{"ids": "5"}` used to redrive every dead letter of the service.
    ['a redrive naming its letter as one string', 'ids', /must be a list/, () => internal('inventory', 'POST', '/internal/bus/dead-letters/redrive', { ids: '5' })],
    // PCI holds behind the gateway too: these were stored.
    ['a card number in a customer name', 'fullName', /looks like a card number/, () => internal('orders', 'POST', '/internal/customers', { email: `${randomUUID()}@example.com`, fullName: 'Card 4111111111111111' })],
    ['a card number in an address', 'line1', /looks like a card number/, () => internal('orders', 'POST', `/internal/customers/${customer.id}/addresses`, { line1: '4111 1111 1111 1111', city: 'Cork', postalCode: 'T12', countryCode: 'IE' })],
    ['a card number in a product description', 'description', /looks like a card number/, () => internal('inventory', 'POST', '/internal/products', { merchantId: '10', name: 'p', description: '5500\u00a00055\u00a05555\u00a05559' })],
    ['a card number as the actor', 'headers.x-actor', /looks like a card number/, () => internal('orders', 'POST', '/internal/orders/1/transitions', { to: 'SHIPPED' }, { 'x-actor': 'customer:4111111111111111' })],
  ];

  // A path id no row can have used to reach Postgres as a bigint cast error: a 500.
  it.each([
    ['orders', 'GET', '/internal/orders/abc', 'order abc'],
    ['orders', 'GET', '/internal/customers/99999999999999999999/orders', 'customer 99999999999999999999'],
    ['orders', 'POST', '/internal/orders/0/cancel', 'order 0'],
    ['inventory', 'GET', '/internal/skus/1.5/availability', 'SKU 1.5'],
  ] as const)('internal API: %s %s %s -> 404', async (service, method, path, what) => {
    const response = await internal(service, method, path, {});
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe(`${what} was not found`);
  });

  it.each(internalCases)('internal API: %s -> 422 naming %s, nothing written', async (_name, field, message, send) => {
    const before = await counts();
    const response = await send();
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await counts()).toEqual(before);
  });
});
