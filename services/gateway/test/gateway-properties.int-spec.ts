import fc from 'fast-check';
import { FakePlatform } from './fake-platform';

/** Values at and beyond every boundary the contract names, plus wrong types. */
const boundary = fc.constantFrom<unknown>(
  0,
  -1,
  1,
  999,
  1000,
  1001,
  1.5,
  -0.5,
  0.1,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 63,
  1e308,
  -1e308,
  '',
  ' ',
  '0',
  '1',
  '-1',
  '01',
  '1.0',
  'abc',
  'usd',
  'USD',
  'XXX',
  '9223372036854775807',
  '9223372036854775808',
  '4111111111111111',
  '4111 1111 1111 1111',
  'x'.repeat(300),
  '\u0000',
  null,
  true,
  false,
  [],
  {},
  [1],
  { a: 1 },
);

const id = fc.oneof(
  fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 1, max: 10_000 }).map(String),
);

const validOrder = fc.record({
  customerId: id,
  shippingAddressId: id,
  items: fc.array(fc.record({ skuId: id, quantity: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 5 }),
  payment: fc.record({ token: fc.constantFrom('tok_visa', 'tok_chargeDeclined', 'tok_processingError') }),
});

const validSku = fc.record(
  {
    productId: id,
    skuCode: fc.stringMatching(/^[A-Z0-9-]{1,30}$/),
    attributes: fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.boolean(), fc.integer())),
    priceCents: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    currency: fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'BHD'),
    inventoryCount: fc.integer({ min: 0, max: 1_000_000_000 }),
  },
  { requiredKeys: ['productId', 'skuCode', 'priceCents', 'currency', 'inventoryCount'] },
);

type Json = Record<string, any>;

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A mutation that makes a valid body invalid, for sure. */
const orderBreakers: fc.Arbitrary<(body: Json) => Json>[] = [
  fc.constantFrom('customerId', 'items', 'payment').map((field) => (body: Json) => {
    const copy = { ...body };
    delete copy[field];
    return copy;
  }),
  fc
    .constantFrom<unknown>(0, -1, 1001, 1.5, '1', null, true, 2 ** 60)
    .map((quantity) => (body: Json) => ({ ...body, items: [{ ...body.items[0], quantity }, ...body.items.slice(1)] })),
  fc
    .constantFrom<unknown>('0', '-1', 'abc', '01', 0, -5, 1.5, null, '9223372036854775808', 2 ** 60)
    .map((customerId) => (body: Json) => ({ ...body, customerId })),
  fc
    .string({ minLength: 1, maxLength: 12 })
    // Prototype-poisoning keys are refused earlier (400 by the JSON parser); all-routes-properties covers them.
    .filter((key) => !PROTOTYPE_KEYS.includes(key) && !['customerId', 'shippingAddressId', 'shippingAddress', 'items', 'payment'].includes(key))
    .map((key) => (body: Json) => ({ ...body, [key]: 1 })),
  fc.constant((body: Json) => ({ ...body, items: [] })),
  fc.constant((body: Json) => ({ ...body, shippingAddress: { line1: 'a', city: 'b', postalCode: 'c', countryCode: 'GB' } })),
  fc.constantFrom<unknown>('', 'visa', '4111111111111111', 1, null).map((token) => (body: Json) => ({ ...body, payment: { token } })),
];

const skuBreakers: fc.Arbitrary<(body: Json) => Json>[] = [
  fc.constantFrom('productId', 'skuCode', 'priceCents', 'currency', 'inventoryCount').map((field) => (body: Json) => {
    const copy = { ...body };
    delete copy[field];
    return copy;
  }),
  fc.constantFrom<unknown>(-1, 1.5, 19.99, '100', null, Number.MAX_SAFE_INTEGER + 1, 2 ** 64).map((priceCents) => (body: Json) => ({ ...body, priceCents })),
  fc.constantFrom<unknown>('usd', 'XXX', 'ABC', 'US', 'EURO', '', 978, null).map((currency) => (body: Json) => ({ ...body, currency })),
  fc.constantFrom<unknown>(-1, 0.5, '10', 2_000_000_000).map((inventoryCount) => (body: Json) => ({ ...body, inventoryCount })),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((key) => !PROTOTYPE_KEYS.includes(key) && !['productId', 'skuCode', 'attributes', 'priceCents', 'currency', 'inventoryCount'].includes(key))
    .map((key) => (body: Json) => ({ ...body, [key]: 'x' })),
];

/** Replaces one field (top level or inside the first item) with a boundary value or any JSON. */
const anyEdit = (fields: string[]) =>
  fc.tuple(fc.constantFrom(...fields), fc.oneof(boundary, fc.jsonValue())).map(([field, value]) => (body: Json) => {
    if (field.startsWith('items.') && Array.isArray(body.items) && body.items.length > 0)
      return { ...body, items: [{ ...body.items[0], [field.slice(6)]: value }, ...body.items.slice(1)] };
    return { ...body, [field]: value };
  });

describe('gateway properties (fast-check)', () => {
  const platform = new FakePlatform();
  let admin: string;

  beforeAll(async () => {
    await platform.start();
    admin = platform.token('admin', 'ops');
  });
  afterAll(() => platform.stop());

  async function post(path: string, body: unknown) {
    platform.reset();
    const response = await platform.request('POST', path, {
      token: admin,
      rawBody: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'prop-key' },
    });
    return { ...response, calls: platform.upstreamCalls() };
  }

  /** Never a 5xx; a refusal is problem+json and reaches no service; an acceptance reaches exactly one. */
  function expectSafe(response: Awaited<ReturnType<typeof post>>) {
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.calls).toBe(0);
    } else {
      expect(response.calls).toBe(1);
    }
  }

  for (const [path, valid, breakers, fields] of [
    [
      '/v1/orders',
      validOrder,
      orderBreakers,
      ['customerId', 'shippingAddressId', 'shippingAddress', 'items', 'payment', 'items.skuId', 'items.quantity', 'extra'],
    ],
    ['/v1/skus', validSku, skuBreakers, ['productId', 'skuCode', 'attributes', 'priceCents', 'currency', 'inventoryCount', 'extra']],
  ] as const) {
    describe(`POST ${path}`, () => {
      it('forwards valid bodies (unless they hold a card-shaped number)', async () => {
        await fc.assert(
          fc.asyncProperty(valid, async (body) => {
            const response = await post(path, body);
            expectSafe(response);
            if (response.status >= 400) expect(response.body.detail).toMatch(/card numbers/i);
          }),
          { numRuns: 150 },
        );
      });

      it('refuses broken bodies with 422 and calls nothing', async () => {
        await fc.assert(
          fc.asyncProperty(valid, fc.oneof(...(breakers as fc.Arbitrary<(body: Json) => Json>[])), async (body, breakIt) => {
            const response = await post(path, breakIt(body as Json));
            expect(response.status).toBe(422);
            expectSafe(response);
            expect(response.body.errors.length).toBeGreaterThan(0);
          }),
          { numRuns: 200 },
        );
      });

      it('never fails with a 5xx, whatever one field holds', async () => {
        await fc.assert(
          fc.asyncProperty(valid, anyEdit([...fields]), async (body, edit) => {
            expectSafe(await post(path, edit(body as Json)));
          }),
          { numRuns: 200 },
        );
      });

      it('never fails with a 5xx on arbitrary JSON', async () => {
        await fc.assert(
          fc.asyncProperty(fc.jsonValue(), async (body) => {
            const response = await post(path, body);
            expectSafe(response);
            expect(response.status).toBeGreaterThanOrEqual(400);
          }),
          { numRuns: 200 },
        );
      });
    });
  }
});
