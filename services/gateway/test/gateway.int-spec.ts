import { connect } from 'node:net';
import { OPERATIONS } from '../src/domain/access-policy';
import { FakePlatform, TEST_SECRET } from './fake-platform';

const CARD = '4111111111111111';
const PROBLEM_JSON = /^application\/problem\+json/;

const order = (overrides: Record<string, unknown> = {}) => ({
  customerId: '7',
  shippingAddressId: '3',
  items: [{ skuId: '5', quantity: 2 }],
  payment: { token: 'tok_visa' },
  ...overrides,
});

describe('gateway against fake services', () => {
  const platform = new FakePlatform();
  let admin: string;
  let alice: string;
  let merchant77: string;
  let merchant88: string;
  let fulfillment77: string;
  let finance: string;

  beforeAll(async () => {
    await platform.start();
    admin = platform.token('admin', 'ops');
    alice = platform.token('customer', '7');
    merchant77 = platform.token('merchant', 'm77', '77');
    merchant88 = platform.token('merchant', 'm88', '88');
    fulfillment77 = platform.token('fulfillment', 'f77', '77');
    finance = platform.token('finance', 'fin');
  });
  afterAll(() => platform.stop());
  beforeEach(() => platform.reset());

  /** A refused request: problem+json with `status`, and no service was called. */
  async function expectRefused(response: Awaited<ReturnType<FakePlatform['request']>>, status: number) {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status } });
    expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(platform.upstreamCalls()).toBe(0);
  }

  describe('authentication', () => {
    it.each([
      ['no token', undefined, 'Bearer', /required: send Authorization: Bearer <token> \(npm run token/],
      ['a token signed with another secret', 'other', 'Bearer error="invalid_token", error_description="signature"', /signed with another secret/],
      ['an expired token', 'expired', 'Bearer error="invalid_token", error_description="expired"', /expired at 20\d\d-.*: get a new one/],
      ['garbage', 'garbage', 'Bearer error="invalid_token", error_description="malformed"', /not a JWT/],
      ['a token sent without "Bearer"', 'bare', 'Bearer', /send Authorization: Bearer <token>/],
    ])('refuses %s with 401 saying why', async (_what, kind, challenge, detail) => {
      const headers: Record<string, string> = {};
      if (kind === 'other') headers.authorization = `Bearer ${platform.token('admin', 'x', undefined, `${TEST_SECRET}-other`)}`;
      if (kind === 'expired') headers.authorization = `Bearer ${platform.token('admin', 'x', undefined, TEST_SECRET, -10)}`;
      if (kind === 'garbage') headers.authorization = 'Bearer a.b.c';
      if (kind === 'bare') headers.authorization = platform.token('admin', 'x');
      const response = await platform.request('GET', '/v1/orders/100', { headers });
      await expectRefused(response, 401);
      expect(response.headers.get('www-authenticate')).toBe(challenge);
      expect(response.body.detail).toMatch(detail);
    });

    it('reads the Bearer scheme without regard to case (RFC 7235)', async () => {
      for (const scheme of ['bearer', 'BEARER'])
        expect((await platform.request('GET', '/v1/orders/100', { headers: { authorization: `${scheme} ${alice}` } })).status).toBe(200);
    });

    it('refuses Basic auth', async () => {
      await expectRefused(await platform.request('GET', '/v1/orders/100', { headers: { authorization: 'Basic YTpi' } }), 401);
    });
  });

  describe('authorisation and isolation', () => {
    it('shows a customer its own order with its payments', async () => {
      const response = await platform.request('GET', '/v1/orders/100', { token: alice });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: '100',
        customerId: '7',
        merchantId: '77',
        payments: [{ id: 'p-100', status: 'CAPTURED', amountCents: 5000, idempotencyKey: 'k-100' }],
      });
      expect(platform.services.payments.calls[0].query.get('orderId')).toBe('100');
    });

    it("hides another customer's order as a 404 that reads like a missing one, without asking for its payments", async () => {
      const other = await platform.request('GET', '/v1/orders/200', { token: alice });
      const missing = await platform.request('GET', '/v1/orders/999', { token: alice });
      expect(other.status).toBe(404);
      expect(other.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(other.body.detail).toBe('order 200 was not found');
      expect({ ...missing.body, detail: '' }).toEqual({ ...other.body, detail: '' });
      expect(platform.services.payments.calls).toHaveLength(0);
    });

    it.each([
      ['GET', '/v1/orders/200/timeline', undefined],
      ['POST', '/v1/orders/200/cancel', { reason: 'not mine' }],
      ['GET', '/v1/customers/8/orders', undefined],
      ['GET', '/v1/customers/8', undefined],
      ['POST', '/v1/customers/8/addresses', { line1: 'x', city: 'y', postalCode: 'z', countryCode: 'GB' }],
    ])('gives a customer 404 for %s %s of someone else, and changes nothing', async (method, path, body) => {
      const response = await platform.request(method, path, { token: alice, body });
      expect(response.status).toBe(404);
      expect(platform.services.orders.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
    });

    it('gives a customer 404 for a payment of another customer, 200 for its own', async () => {
      expect((await platform.request('GET', '/v1/payments?idempotencyKey=k-200', { token: alice })).status).toBe(404);
      const own = await platform.request('GET', '/v1/payments?idempotencyKey=k-100', { token: alice });
      expect(own).toMatchObject({ status: 200, body: { orderId: '100', idempotencyKey: 'k-100' } });
    });

    it('refuses a customer ordering for another customer', async () => {
      await expectRefused(
        await platform.request('POST', '/v1/orders', { token: alice, body: order({ customerId: '8' }), headers: { 'idempotency-key': 'k1' } }),
        403,
      );
    });

    it("gives a merchant 404 for another merchant's order and never forwards the transition", async () => {
      const response = await platform.request('POST', '/v1/orders/100/transitions', { token: merchant88, body: { to: 'SHIPPED' } });
      expect(response.status).toBe(404);
      expect(platform.services.orders.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /internal/orders/100']);
    });

    it("lets a merchant move its own merchant's order, as merchant:<sub>@merchant:<id>", async () => {
      const response = await platform.request('POST', '/v1/orders/100/transitions', { token: merchant77, body: { to: 'SHIPPED', expectedFrom: 'CONFIRMED' } });
      expect(response.status).toBe(200);
      const forwarded = platform.services.orders.calls.find((call) => call.method === 'POST');
      expect(forwarded).toMatchObject({ path: '/internal/orders/100/transitions', body: { to: 'SHIPPED', expectedFrom: 'CONFIRMED' } });
      expect(forwarded?.headers['x-actor']).toBe('merchant:m77@merchant:77');
    });

    it('lets admin act without a look-up', async () => {
      expect((await platform.request('POST', '/v1/orders/200/cancel', { token: admin })).status).toBe(202);
      expect(platform.services.orders.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /internal/orders/200/cancel']);
      expect(platform.services.orders.calls[0].body).toEqual({});
    });

    it.each([
      ['finance reading an order', () => finance, 'GET', '/v1/orders/100', undefined],
      ['a customer creating a product', () => alice, 'POST', '/v1/products', { merchantId: '7', name: 'x' }],
      ['a customer reading revenue', () => alice, 'GET', '/v1/finance/revenue?from=2025-01-01&to=2025-01-31', undefined],
      ["a merchant reading another merchant's queue", () => merchant77, 'GET', '/v1/fulfillment/queue?merchantId=88', undefined],
      ['a customer transitioning', () => alice, 'POST', '/v1/orders/100/transitions', { to: 'SHIPPED' }],
    ])('refuses %s with 403', async (_what, token, method, path, body) => {
      await expectRefused(await platform.request(method, path, { token: token(), body }), 403);
    });

    it.each([
      ['the cancel route', '/cancel', { reason: 'cannot ship' }, 202],
      ['a transition to CANCELLED', '/transitions', { to: 'CANCELLED', reason: 'cannot ship' }, 200],
    ])("lets fulfillment cancel its own merchant's order through %s, and not another merchant's", async (_what, path, body, status) => {
      expect((await platform.request('POST', `/v1/orders/100${path}`, { token: fulfillment77, body })).status).toBe(status);
      expect((await platform.request('POST', `/v1/orders/200${path}`, { token: fulfillment77, body })).status).toBe(404);
      expect(platform.services.orders.calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([`/internal/orders/100${path}`]);
    });

    it('refuses a forbidden role before looking at its body', async () => {
      await expectRefused(await platform.request('POST', '/v1/products', { token: alice, body: { nonsense: true } }), 403);
    });

    it("defaults a merchant's queue to its own merchant and passes the page through", async () => {
      const response = await platform.request('GET', '/v1/fulfillment/queue', { token: fulfillment77 });
      expect(response).toMatchObject({ status: 200, body: { items: [{ id: '100' }], nextCursor: null } });
      const call = platform.services.projections.calls[0];
      expect(Object.fromEntries(call.query)).toEqual({ merchantId: '77', status: 'PENDING,CONFIRMED', limit: '100' });
    });

    it('requires admin to name the merchant of a queue', async () => {
      const response = await platform.request('GET', '/v1/fulfillment/queue', { token: admin });
      await expectRefused(response, 422);
      expect(response.body.errors).toEqual([{ field: 'merchantId', message: 'is required for an admin token' }]);
    });

    it('lets finance read revenue and payments', async () => {
      expect((await platform.request('GET', '/v1/finance/revenue?merchantId=77&from=2025-01-01&to=2025-01-31', { token: finance })).status).toBe(200);
      expect(Object.fromEntries(platform.services.projections.calls[0].query)).toEqual({ merchantId: '77', from: '2025-01-01', to: '2025-01-31' });
      expect((await platform.request('GET', '/v1/payments?idempotencyKey=k-200', { token: finance })).status).toBe(200);
    });

    it("shows a merchant its SKU's availability, and hides another merchant's", async () => {
      expect((await platform.request('GET', '/v1/skus/5/availability', { token: merchant77 })).status).toBe(200);
      expect((await platform.request('GET', '/v1/skus/6/availability', { token: merchant77 })).status).toBe(404);
    });
  });

  describe('validation', () => {
    it.each([
      ['malformed JSON', '{"customerId": ', /not valid JSON/],
      ['an empty JSON body', '', /empty/],
    ])('answers %s with 400 saying what to send', async (_what, rawBody, detail) => {
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        rawBody,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      });
      await expectRefused(response, 400);
      expect(response.body).toMatchObject({ type: 'https://errors.shop.local/malformed-json', detail: expect.stringMatching(detail) });
      expect(response.body.detail).toMatch(/send a JSON object with content-type application\/json/);
    });

    it.each([
      ['DELETE', '/v1/customers/7/addresses/3', 'application/json', 204],
      ['DELETE', '/v1/customers/7/addresses/3', 'text/plain', 204],
      ['POST', '/v1/orders/100/cancel', 'application/json', 202],
      ['POST', '/v1/orders/100/cancel', 'application/json; charset=utf-8', 202],
    ])('takes %s %s with an empty %s body as a request without one', async (method, path, contentType, status) => {
      const response = await platform.request(method, path, { token: alice, rawBody: '', headers: { 'content-type': contentType } });
      expect(response.status).toBe(status);
      expect(platform.upstreamCalls()).toBeGreaterThan(0);
    });

    it.each([
      ['DELETE', '/v1/customers/7/addresses/3', '', 204],
      ['POST', '/v1/orders/100/cancel', '', 202],
      ['DELETE', '/v1/customers/7/addresses/3', '{"restore":true}', 422],
      ['POST', '/v1/orders/100/cancel', '{"reason":"changed my mind"}', 202],
    ])('takes a chunked %s %s with body %j under content-type JSON by its bytes (%i)', async (method, path, body, status) => {
      // Written by hand: fetch sends an empty stream without Transfer-Encoding.
      const { port } = new URL(platform.url);
      const chunked = body ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : '0\r\n\r\n';
      const head = `${method} ${path} HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${alice}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n`;
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(head + chunked)); // not end(): a half-closed client gets no answer
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split(' ')[1]).toBe(String(status));
    });

    it('answers 413 once a chunked body to a route that takes none passes 1 MB, without reading the rest', async () => {
      const { port } = new URL(platform.url);
      const head = `DELETE /v1/customers/7/addresses/3 HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${alice}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`;
      const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        // 1.25 MB sent, and never the last chunk: the answer cannot wait for the end of the body.
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(head + chunk.repeat(20)));
        socket.on('data', (data) => {
          text += data.toString();
          if (text.includes('\r\n\r\n')) socket.destroy();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        setTimeout(() => socket.destroy(), 5_000);
      });
      expect(answer.split(' ')[1]).toBe('413');
      expect(platform.upstreamCalls()).toBe(0);
    });

    it.each(['application/json; charset=utf-8', 'Application/JSON', ' application/json ;charset=UTF-8'])('takes a JSON body under content-type %j', async (contentType) => {
      const response = await platform.request('POST', '/v1/orders/100/cancel', { token: alice, rawBody: '{"reason":"changed my mind"}', headers: { 'content-type': contentType } });
      expect(response.status).toBe(202);
    });

    it('answers a DELETE with a body that is not JSON with 415', async () => {
      await expectRefused(await platform.request('DELETE', '/v1/customers/7/addresses/3', { token: alice, rawBody: 'x', headers: { 'content-type': 'text/plain' } }), 415);
    });

    it('answers a body sent to a route that takes none with 422 naming it', async () => {
      const response = await platform.request('DELETE', '/v1/customers/7/addresses/3', { token: alice, body: { restore: true } });
      await expectRefused(response, 422);
      expect(response.body.errors).toEqual([{ field: 'body', message: 'this route takes no body: send the request without one' }]);
    });

    it('answers a body that is not UTF-8 with 400 instead of storing U+FFFD in its place', async () => {
      const rawBody = Buffer.concat([Buffer.from('{"email":"bin@example.com","fullName":"a'), Buffer.from([0xff]), Buffer.from('b"}')]);
      const admin = platform.token('admin', 'ops');
      const response = await platform.request('POST', '/v1/customers', { token: admin, rawBody, headers: { 'content-type': 'application/json' } });
      await expectRefused(response, 400);
      expect(response.body).toMatchObject({ type: 'https://errors.shop.local/malformed-json', detail: expect.stringMatching(/not valid UTF-8/) });
      const valid = Buffer.from('{"email":"bin@example.com","fullName":"a\u00ffb ÿ 😀"}');
      expect((await platform.request('POST', '/v1/customers', { token: admin, rawBody: valid, headers: { 'content-type': 'application/json' } })).status).toBe(201);
    });

    it('answers a missing Idempotency-Key with 400', async () => {
      const response = await platform.request('POST', '/v1/orders', { token: alice, body: order() });
      await expectRefused(response, 400);
      expect(response.body).toMatchObject({ type: 'https://errors.shop.local/missing-idempotency-key', detail: expect.stringMatching(/header is required/) });
      await expectRefused(await platform.request('POST', '/v1/orders/100/payments', { token: alice, body: { token: 'tok_visa' } }), 400);
    });

    it('answers a malformed Idempotency-Key with 400 saying what is wrong with it', async () => {
      const response = await platform.request('POST', '/v1/orders', { token: alice, body: order(), headers: { 'idempotency-key': 'a b' } });
      await expectRefused(response, 400);
      expect(response.body).toMatchObject({
        type: 'https://errors.shop.local/invalid-idempotency-key',
        detail: expect.stringMatching(/must be 1-255 visible ASCII characters .*no spaces.*; it contains a space$/),
      });
    });

    it('answers a body over 1 MB with 413', async () => {
      const rawBody = JSON.stringify({ ...order(), padding: 'x'.repeat(1024 * 1024) });
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        rawBody,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      });
      await expectRefused(response, 413);
      expect(response.body.detail).toBe('The request body is over 1 MB');
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'customerId=7'],
      ['application/xml', '<order/>'],
      ['application/octet-stream', 'x'],
    ])('answers a %s body with the same 415', async (contentType, rawBody) => {
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        rawBody,
        headers: { 'content-type': contentType, 'idempotency-key': 'k' },
      });
      await expectRefused(response, 415);
      expect(response.body).toEqual({
        type: 'https://errors.shop.local/unsupported-media-type',
        title: 'Unsupported Media Type',
        status: 415,
        detail: 'Send JSON with content-type application/json',
      });
    });

    it('names every invalid field in a 422', async () => {
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        headers: { 'idempotency-key': 'k' },
        body: order({
          items: [
            { skuId: 'x', quantity: 0 },
            { skuId: '5', quantity: 1001 },
          ],
          coupon: 'FREE',
        }),
      });
      await expectRefused(response, 422);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'coupon', message: 'is not a known field' },
          { field: 'items[0].skuId', message: expect.stringContaining('positive integer id') },
          { field: 'items[0].quantity', message: 'must be between 1 and 1000' },
          { field: 'items[1].quantity', message: 'must be between 1 and 1000' },
        ]),
      );
    });

    it.each([
      ['a fractional price', { priceCents: 19.99 }, 'priceCents'],
      ['a negative price', { priceCents: -1 }, 'priceCents'],
      ['a price beyond MAX_SAFE_INTEGER', { priceCents: 2 ** 54 }, 'priceCents'],
      ['an unknown currency', { currency: 'ABC' }, 'currency'],
      ['a string stock', { inventoryCount: '10' }, 'inventoryCount'],
    ])('refuses a SKU with %s', async (_what, overrides, field) => {
      const body = { productId: '1', skuCode: 'A-1', priceCents: 100, currency: 'USD', inventoryCount: 1, ...overrides };
      const response = await platform.request('POST', '/v1/skus', { token: admin, body });
      await expectRefused(response, 422);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    });

    it.each([
      ['a price with a fraction JSON.parse rounds away', '{"productId":"1","skuCode":"A-1","priceCents":1999.00000000000001,"currency":"USD","inventoryCount":1}', 'priceCents'],
      ['a stock written with an exponent', '{"productId":"1","skuCode":"A-1","priceCents":1999,"currency":"USD","inventoryCount":1e3}', 'inventoryCount'],
      ['a price whose key is written with an escape', '{"productId":"1","skuCode":"A-1","\\u0070riceCents":1999.0,"currency":"USD","inventoryCount":1}', 'priceCents'],
    ])('refuses %s, as a float, though it parses to a whole number', async (_what, rawBody, field) => {
      const response = await platform.request('POST', '/v1/skus', { token: admin, rawBody, headers: { 'content-type': 'application/json' } });
      await expectRefused(response, 422);
      expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(/whole number written without a fraction or an exponent/) }]);
    });

    it('names an order line by its path, and leaves a fractional attribute that happens to be called quantity alone', async () => {
      const order = await platform.request('POST', '/v1/orders', {
        token: alice,
        rawBody: '{"customerId":"7","shippingAddressId":"1","items":[{"skuId":"1","quantity":1},{"skuId":"2","quantity":2.0}],"payment":{"token":"tok_visa"}}',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'path-of-a-float' },
      });
      await expectRefused(order, 422);
      expect(order.body.errors).toEqual([{ field: 'items[1].quantity', message: expect.stringMatching(/whole number/) }]);
      const sku = await platform.request('POST', '/v1/skus', {
        token: admin,
        rawBody: '{"productId":"1","skuCode":"A-1","priceCents":1999,"currency":"USD","inventoryCount":1,"attributes":{"quantity":2.5}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(sku.status).toBe(201);
    });

    it('answers a body of 30,000 fractional quantities at once, naming the first of them', async () => {
      const rawBody = `{"customerId":"7","shippingAddressId":"1","items":[${'{"skuId":"1","quantity":1.0},'.repeat(30_000)}{"skuId":"1","quantity":1}],"payment":{"token":"tok_visa"}}`;
      const response = await platform.request('POST', '/v1/orders', { token: alice, rawBody, headers: { 'content-type': 'application/json', 'idempotency-key': 'many-floats' } });
      await expectRefused(response, 422);
      const fields = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['items', 'items[0].quantity']));
      expect(fields.length).toBeLessThanOrEqual(50);
    });

    it('refuses a price of 1e400, which JSON.parse makes Infinity, as out of range', async () => {
      const rawBody = '{"productId":"1","skuCode":"A-1","priceCents":1e400,"currency":"USD","inventoryCount":1}';
      const response = await platform.request('POST', '/v1/skus', { token: admin, rawBody, headers: { 'content-type': 'application/json' } });
      await expectRefused(response, 422);
      expect(response.body.errors).toEqual([{ field: 'priceCents', message: expect.stringMatching(/finite integer.*out of range/) }]);
    });

    it.each([
      ['/v1/orders/abc', 'id'],
      ['/v1/orders/0', 'id'],
      ['/v1/orders/100?expand=all', 'expand'],
      ['/v1/customers/7/orders?limit=1000', 'limit'],
    ])('refuses %s naming %s', async (path, field) => {
      const response = await platform.request('GET', path, { token: admin });
      await expectRefused(response, 422);
      expect(response.body.errors[0].field).toBe(field);
    });

    it('forwards numeric ids as strings', async () => {
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        headers: { 'idempotency-key': 'k-num' },
        body: order({ customerId: 7, items: [{ skuId: 5, quantity: 1 }] }),
      });
      expect(response.status).toBe(202);
      expect(platform.services.orders.calls[0].body).toEqual(order({ items: [{ skuId: '5', quantity: 1 }] }));
    });
  });

  describe('card numbers', () => {
    it.each([
      ['in the payment token', { body: order({ payment: { token: CARD } }) }],
      ['with spaces in a note', { body: { ...order(), note: '4111 1111 1111 1111' } }],
      ['as a JSON number', { body: order({ customerId: 4111111111111111 }) }],
      ['as a 19-digit JSON number', { rawBody: `{"customerId":4111111111111111110,"items":[]}`, headers: { 'content-type': 'application/json' } }],
      ['in a header', { body: order(), headers: { 'x-note': `card ${CARD}` } }],
      ['in the Idempotency-Key', { body: order(), headers: { 'idempotency-key': CARD } }],
      ['in the query', { body: order(), query: `?card=${CARD}` }],
      ['glued to a word', { body: { ...order(), note: `card${CARD}` } }],
      ['grouped by underscores in the payment token', { body: order({ payment: { token: 'tok_4111_1111_1111_1111' } }) }],
      ['grouped by double spaces', { body: { ...order(), note: '4111  1111  1111  1111' } }],
      ['in the X-Request-Id, after a word', { body: order(), headers: { 'x-request-id': `ref${CARD}` } }],
    ])(
      'refuses one %s with 422, without echoing or logging it',
      async (_what, request: { body?: unknown; rawBody?: string; headers?: Record<string, string>; query?: string }) => {
        const response = await platform.request('POST', `/v1/orders${request.query ?? ''}`, {
          token: alice,
          body: request.body,
          rawBody: request.rawBody,
          headers: { 'idempotency-key': 'k-card', ...(request.headers ?? {}) },
        });
        await expectRefused(response, 422);
        expect(response.body.detail).toMatch(/card numbers are never accepted/i);
        expect(response.text).not.toContain('4111');
        expect(platform.logs.join('\n')).not.toMatch(/4111[ _-]*1111/);
      },
    );

    it('refuses a card number in a GET query too', async () => {
      await expectRefused(await platform.request('GET', `/v1/payments?idempotencyKey=${CARD}`, { token: finance }), 422);
    });

    it('refuses a percent-encoded card number in the path', async () => {
      const response = await platform.request('GET', '/v1/orders/%34111%201111%201111%201111', { token: admin });
      await expectRefused(response, 422);
      expect(response.body.detail).toMatch(/card numbers are never accepted/i);
    });

    it('accepts UUID idempotency keys and request ids', async () => {
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        body: order(),
        headers: { 'idempotency-key': '550e8400-e29b-41d4-a716-446655440000', 'x-request-id': '123e4567-e89b-12d3-a456-426614174000' },
      });
      expect(response.status).toBe(202);
    });
  });

  describe('forwarding', () => {
    it('propagates the request id, trace, actor and idempotency key', async () => {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const response = await platform.request('POST', '/v1/orders', {
        token: alice,
        body: order(),
        headers: { 'idempotency-key': 'key-42', 'x-request-id': 'req-abc-1', traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
      expect(response.status).toBe(202);
      expect(response.headers.get('x-request-id')).toBe('req-abc-1');
      const headers = platform.services.orders.calls[0].headers;
      expect(headers).toMatchObject({ 'x-request-id': 'req-abc-1', 'x-actor': 'customer:7', 'idempotency-key': 'key-42' });
      expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(headers.traceparent).not.toContain('b7ad6b7169203331');
      expect(headers.authorization).toBeUndefined();
    });

    it('makes up a request id when there is none, and uses the same one everywhere', async () => {
      const response = await platform.request('GET', '/v1/orders/100', { token: admin });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(platform.services.orders.calls[0].headers['x-request-id']).toBe(id);
      expect(platform.services.payments.calls[0].headers['x-request-id']).toBe(id);
      expect(platform.logs.some((line) => line.includes(`"requestId":"${id}"`))).toBe(true);
    });

    it("puts the order's id on the access log line of an order route and of a new order", async () => {
      const accessLine = (id: string | null) => JSON.parse(platform.logs.find((line) => line.includes(`"requestId":"${id}"`) && line.includes('"msg":"request"'))!);
      const read = await platform.request('GET', '/v1/orders/100', { token: admin });
      expect(accessLine(read.headers.get('x-request-id'))).toMatchObject({ route: '/v1/orders/:id', orderId: '100', role: 'admin' });
      const placed = await platform.request('POST', '/v1/orders', { token: alice, body: order(), headers: { 'idempotency-key': 'log-1' } });
      expect(placed.status).toBe(202);
      expect(accessLine(placed.headers.get('x-request-id'))).toMatchObject({ route: '/v1/orders', status: 202, orderId: '100' });
      const customers = await platform.request('GET', '/v1/customers/7/orders', { token: alice });
      expect(accessLine(customers.headers.get('x-request-id')).orderId).toBeUndefined();
    });

    it.each([
      ['refused for its role (403)', 'POST', '/v1/orders/6/transitions', { toStatus: 'SHIPPED' }, 403, '6'],
      ['without a token (401)', 'GET', '/v1/orders/6', undefined, 401, '6'],
      ['with a bad body (422)', 'POST', '/v1/orders/6/cancel', { reason: 5 }, 422, '6'],
      ['naming a card number, not an order (422)', 'GET', '/v1/orders/4111111111111111', undefined, 422, undefined],
    ])("keeps the order's id on the access log line of a request %s", async (_what, method, path, body, status, orderId) => {
      const response = await platform.request(method, path, { ...(status === 401 ? {} : { token: alice }), ...(body ? { body } : {}) });
      expect(response.status).toBe(status);
      const line = JSON.parse(platform.logs.find((entry) => entry.includes(`"requestId":"${response.headers.get('x-request-id')}"`) && entry.includes('"msg":"request"'))!);
      expect(line.orderId).toBe(orderId);
      expect(line.role).toBe(status === 401 ? undefined : 'customer');
      expect(platform.upstreamCalls()).toBe(0);
    });

    it('replaces a request id that is not a plain token', async () => {
      const response = await platform.request('GET', '/v1/orders/100', { token: admin, headers: { 'x-request-id': 'a b <c>' } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('passes a service problem through with its status', async () => {
      platform.services.orders.overrides.push((call) =>
        call.method === 'POST'
          ? {
              status: 422,
              contentType: 'application/problem+json',
              body: {
                type: 'https://errors.shop.local/validation',
                title: 'x',
                status: 422,
                detail: 'd',
                errors: [{ field: 'items', message: 'all items of an order must be in one currency' }],
              },
            }
          : undefined,
      );
      const response = await platform.request('POST', '/v1/orders', { token: alice, body: order(), headers: { 'idempotency-key': 'k-mixed' } });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://errors.shop.local/validation',
        errors: [{ field: 'items', message: 'all items of an order must be in one currency' }],
      });
    });

    it('passes a 409 through', async () => {
      platform.services.orders.overrides.push((call) =>
        call.path.endsWith('/transitions')
          ? {
              status: 409,
              contentType: 'application/problem+json',
              body: { type: 'https://errors.shop.local/illegal-transition', title: 'Conflict', status: 409, detail: 'DELIVERED -> PENDING is not allowed' },
            }
          : undefined,
      );
      const response = await platform.request('POST', '/v1/orders/100/transitions', { token: admin, body: { to: 'PENDING' } });
      expect(response).toMatchObject({
        status: 409,
        body: { type: 'https://errors.shop.local/illegal-transition', detail: 'DELIVERED -> PENDING is not allowed' },
      });
    });

    it('passes cursors through both ways', async () => {
      const cursor = 'MjAyNS0wMS0wMVQwMDowMDowMFp8MTAw';
      const response = await platform.request('GET', `/v1/customers/7/orders?limit=5&cursor=${cursor}`, { token: alice });
      expect(response).toMatchObject({ status: 200, body: { nextCursor: cursor } });
      expect(Object.fromEntries(platform.services.orders.calls[0].query)).toEqual({ limit: '5', cursor });
    });
  });

  describe('health, metrics and docs', () => {
    it('is 503 until every service is ready, then 200', async () => {
      platform.services.payments.ready = false;
      const starting = await platform.request('GET', '/health');
      expect(starting).toMatchObject({
        status: 503,
        body: { status: 'starting', services: { orders: 'ok', inventory: 'ok', payments: 'starting', projections: 'ok' } },
      });
      platform.services.payments.ready = true;
      expect(await platform.request('GET', '/health')).toMatchObject({
        status: 200,
        body: { status: 'ok', services: { orders: 'ok', inventory: 'ok', payments: 'ok', projections: 'ok' } },
      });
    });

    it("serves the gateway's metrics with every service's, labelled", async () => {
      await platform.request('GET', '/v1/orders/100', { token: admin });
      const response = await platform.request('GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/^http_request_duration_seconds_count\{service="gateway",/m);
      expect(response.text).toMatch(/^gateway_upstream_request_duration_seconds_count\{service="gateway",upstream="orders",/m);
      // No sample names a label twice (Prometheus refuses the whole scrape for one that does).
      const repeated = response.text
        .split('\n')
        .filter((line: string) => !line.startsWith('#') && line.includes('{'))
        .filter((line: string) => {
          const names = [...line.slice(line.indexOf('{'), line.lastIndexOf('}')).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((match) => match[1]);
          return new Set(names).size !== names.length;
        });
      expect(repeated).toEqual([]);
      expect(response.text).toContain('fake_up{service="orders"} 1');
      expect(response.text).toContain('fake_up{service="projections"} 1');
      const types = response.text.split('\n').filter((line: string) => line.startsWith('# TYPE'));
      expect(new Set(types).size).toBe(types.length);
    });

    it('serves the OpenAPI document with every route, bearer auth and problem responses', async () => {
      const response = await platform.request('GET', '/docs-json');
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.components.schemas.Problem).toBeDefined();
      const operations = Object.values(document.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>).flatMap(
        (path) => Object.values(path),
      );
      const ids = operations.map((operation) => operation.operationId);
      expect(ids).toEqual(expect.arrayContaining([...OPERATIONS, 'health', 'ready', 'live', 'metrics']));
      // OpenAPI requires unique ids; client generators name their methods after them.
      expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
      for (const operation of operations.filter((entry) => (OPERATIONS as readonly string[]).includes(entry.operationId))) {
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '422', '429', '503', '504']));
      }
      expect(document.paths['/v1/orders'].post.responses['422'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      expect(document.paths['/v1/orders'].post.requestBody.content['application/json'].schema.properties.items.items.properties.quantity).toMatchObject({
        minimum: 1,
        maximum: 1000,
      });
      expect((await platform.request('GET', '/docs')).status).toBe(200);
    });

    it('answers an unknown route with a problem 404', async () => {
      const response = await platform.request('GET', '/v1/nothing', { token: admin });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    });

    it.each([
      ['an unknown route', 'GET', `/v1/nothing/${CARD}?pan=${CARD}`],
      ['a route without that method', 'DELETE', `/v1/orders/1?pan=${CARD}`],
      ['a dashboard file that does not exist', 'GET', `/dashboard/${CARD}.js`],
    ])('answers %s without echoing the URL', async (_what, method, path) => {
      const response = await platform.request(method, path, { token: admin });
      expect(response.status).toBe(404);
      expect(response.body.detail).not.toContain('4111');
      expect(response.text).not.toContain('4111');
    });
  });
});

describe('gateway limits and failures', () => {
  it('rate limits per principal with 429 and Retry-After', async () => {
    const platform = await new FakePlatform({ rateLimitPerMinute: 3 }).start();
    try {
      const alice = platform.token('customer', '7');
      const statuses = [];
      for (let index = 0; index < 4; index++) statuses.push((await platform.request('GET', '/v1/customers/7/orders', { token: alice })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await platform.request('GET', '/v1/customers/7/orders', { token: alice });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(platform.services.orders.calls).toHaveLength(3);
      expect((await platform.request('GET', '/v1/customers/8/orders', { token: platform.token('customer', '8') })).status).toBe(200);
      expect((await platform.request('GET', '/health')).status).toBe(200);
    } finally {
      await platform.stop();
    }
  });

  it('rate limits each merchant apart, even when their tokens share a subject', async () => {
    const platform = await new FakePlatform({ rateLimitPerMinute: 2 }).start();
    try {
      const [first, second] = ['100', '200'].map((merchantId) => platform.token('fulfillment', 'shared-login', merchantId));
      const statuses = [];
      for (let index = 0; index < 3; index++) statuses.push((await platform.request('GET', '/v1/fulfillment/queue?merchantId=100', { token: first })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await platform.request('GET', '/v1/fulfillment/queue?merchantId=200', { token: second })).status).toBe(200);
    } finally {
      await platform.stop();
    }
  });

  it('rate limits unauthenticated callers by address', async () => {
    const platform = await new FakePlatform({ rateLimitPerMinute: 2 }).start();
    try {
      const statuses = [];
      for (let index = 0; index < 3; index++) statuses.push((await platform.request('GET', '/v1/orders/1')).status);
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await platform.stop();
    }
  });

  it('answers a cancel that committed with the order, without payments, when payments cannot be reached', async () => {
    const platform = await new FakePlatform({ upstreamTimeoutMs: 150, upstreamOverrides: { payments: 'http://127.0.0.1:1' } }).start();
    try {
      const cancelled = await platform.request('POST', '/v1/orders/100/cancel', { token: platform.token('admin', 'ops') });
      expect(cancelled.status).toBe(202);
      expect(cancelled.body).toMatchObject({ id: '100' });
      expect(cancelled.body).not.toHaveProperty('payments');
      // A read still says payments cannot be reached: it has nothing committed to report.
      expect((await platform.request('GET', '/v1/orders/100', { token: platform.token('admin', 'ops') })).status).toBe(503);
    } finally {
      await platform.stop();
    }
  });

  it('answers 504 when a service does not answer in time, 503 when it cannot be reached', async () => {
    const platform = await new FakePlatform({ upstreamTimeoutMs: 150, upstreamOverrides: { payments: 'http://127.0.0.1:1' } }).start();
    try {
      platform.services.orders.overrides.push(() => ({ status: 200, body: {}, delayMs: 2_000 }));
      const admin = platform.token('admin', 'ops');
      const slow = await platform.request('GET', '/v1/orders/100', { token: admin });
      expect(slow).toMatchObject({ status: 504, body: { status: 504, detail: 'the orders service did not answer within 150 ms; try again shortly' } });
      expect(slow.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(slow.headers.get('retry-after')).toBe('1');
      // A write that timed out may still commit: the client is told how to learn its outcome, not to send it anew.
      const checkout = await platform.request('POST', '/v1/orders', { token: platform.token('customer', '7'), body: order(), headers: { 'idempotency-key': 'k' } });
      expect(checkout).toMatchObject({ status: 504, body: { detail: expect.stringMatching(/may still take effect: repeat it with the same Idempotency-Key \(never a new one\)/) } });
      const cancel = await platform.request('POST', '/v1/orders/100/cancel', { token: admin, body: {} });
      expect(cancel).toMatchObject({ status: 504, body: { detail: expect.stringMatching(/may still take effect: read the resource before repeating it$/) } });
      const down = await platform.request('GET', '/v1/payments?idempotencyKey=k-100', { token: admin });
      expect(down).toMatchObject({ status: 503, body: { status: 503 } });
      expect(down.headers.get('retry-after')).toBe('1');
      const health = await platform.request('GET', '/health');
      expect(health).toMatchObject({ status: 503, body: { services: { payments: 'unreachable' } } });
      expect(health.headers.get('retry-after')).toBe('1');
    } finally {
      await platform.stop();
    }
  });
});
