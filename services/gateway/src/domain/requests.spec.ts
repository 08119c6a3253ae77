import {
  addressBody,
  addressPatchBody,
  cancelBody,
  createCustomerBody,
  createProductBody,
  createSkuBody,
  historyQuery,
  idParams,
  isCalendarDate,
  noQuery,
  paymentLookupQuery,
  placeOrderBody,
  queueQuery,
  restockBody,
  retryPaymentBody,
  revenueQuery,
  transitionBody,
  updateSkuBody,
} from './requests';
import { Schema, validate } from '@shop/service-kit';

const order = (overrides: Record<string, unknown> = {}) => ({
  customerId: '7',
  shippingAddressId: '3',
  items: [{ skuId: '11', quantity: 2 }],
  payment: { token: 'tok_visa' },
  ...overrides,
});

const sku = (overrides: Record<string, unknown> = {}) => ({
  productId: '5',
  skuCode: 'WIDGET-M',
  priceCents: 1999,
  currency: 'USD',
  inventoryCount: 10,
  ...overrides,
});

const address = (overrides: Record<string, unknown> = {}) => ({
  line1: '1 Analytical Way',
  city: 'London',
  postalCode: 'N1 1AA',
  countryCode: 'GB',
  ...overrides,
});

type Case = [string, Schema<any>, unknown, { field: string; message: RegExp } | null];

/** [what, schema, input, expected first error (null: valid)] */
const CASES: Case[] = [
  // orders
  ['a valid order', placeOrderBody, order(), null],
  ['an order with an inline address', placeOrderBody, order({ shippingAddressId: undefined, shippingAddress: address() }), null],
  ['numeric ids that are safe integers', placeOrderBody, order({ customerId: 7, items: [{ skuId: 11, quantity: 1 }] }), null],
  ['quantity 1000', placeOrderBody, order({ items: [{ skuId: '11', quantity: 1000 }] }), null],
  ['quantity 0', placeOrderBody, order({ items: [{ skuId: '11', quantity: 0 }] }), { field: 'items[0].quantity', message: /between 1 and 1000/ }],
  ['quantity 1001', placeOrderBody, order({ items: [{ skuId: '11', quantity: 1001 }] }), { field: 'items[0].quantity', message: /between 1 and 1000/ }],
  ['quantity -1', placeOrderBody, order({ items: [{ skuId: '11', quantity: -1 }] }), { field: 'items[0].quantity', message: /between 1 and 1000/ }],
  [
    'quantity 1e400 (Infinity)',
    placeOrderBody,
    order({ items: [{ skuId: '11', quantity: Infinity }] }),
    { field: 'items[0].quantity', message: /finite integer.*out of range/ },
  ],
  ['a customerId of 1e400 (Infinity)', placeOrderBody, order({ customerId: Infinity }), { field: 'customerId', message: /positive integer id.*beyond/ }],
  ['quantity 1.5', placeOrderBody, order({ items: [{ skuId: '11', quantity: 1.5 }] }), { field: 'items[0].quantity', message: /whole number/ }],
  [
    'quantity "2"',
    placeOrderBody,
    order({ items: [{ skuId: '11', quantity: '2' }] }),
    { field: 'items[0].quantity', message: /must be an integer, not a string/ },
  ],
  ['no items', placeOrderBody, order({ items: [] }), { field: 'items', message: /1 to 100 items/ }],
  ['items not an array', placeOrderBody, order({ items: { skuId: '1' } }), { field: 'items', message: /must be an array/ }],
  ['an unknown field', placeOrderBody, order({ discountCents: 100 }), { field: 'discountCents', message: /not a known field/ }],
  [
    'an unknown nested field',
    placeOrderBody,
    order({ items: [{ skuId: '1', quantity: 1, priceCents: 1 }] }),
    { field: 'items[0].priceCents', message: /not a known field/ },
  ],
  ['client-supplied tax', placeOrderBody, order({ taxCents: 0 }), { field: 'taxCents', message: /not a known field/ }],
  ['a missing customerId', placeOrderBody, order({ customerId: undefined }), { field: 'customerId', message: /is required/ }],
  ['both address forms', placeOrderBody, order({ shippingAddress: address() }), { field: 'shippingAddressId', message: /exactly one/ }],
  ['no address', placeOrderBody, order({ shippingAddressId: undefined }), { field: 'shippingAddressId', message: /exactly one/ }],
  ['id 0', placeOrderBody, order({ customerId: '0' }), { field: 'customerId', message: /positive integer id/ }],
  ['id "-1"', placeOrderBody, order({ customerId: '-1' }), { field: 'customerId', message: /positive integer id/ }],
  ['id "007"', placeOrderBody, order({ customerId: '007' }), { field: 'customerId', message: /positive integer id/ }],
  ['id "abc"', placeOrderBody, order({ customerId: 'abc' }), { field: 'customerId', message: /positive integer id/ }],
  ['id beyond bigint', placeOrderBody, order({ customerId: '9223372036854775808' }), { field: 'customerId', message: /positive integer id/ }],
  ['the largest bigint id', placeOrderBody, order({ customerId: '9223372036854775807' }), null],
  ['a numeric id beyond MAX_SAFE_INTEGER', placeOrderBody, order({ customerId: 2 ** 60 }), { field: 'customerId', message: /lose digits/ }],
  ['a fractional numeric id', placeOrderBody, order({ customerId: 7.5 }), { field: 'customerId', message: /positive integer id/ }],
  ['a null id', placeOrderBody, order({ customerId: null }), { field: 'customerId', message: /positive integer id/ }],
  ['a token that is not a provider token', placeOrderBody, order({ payment: { token: 'visa' } }), { field: 'payment.token', message: /provider token/ }],
  ['payment missing its token', placeOrderBody, order({ payment: {} }), { field: 'payment.token', message: /is required/ }],
  ['a body that is an array', placeOrderBody, [order()], { field: 'body', message: /JSON object, not an array/ }],
  ['a body that is null', placeOrderBody, null, { field: 'body', message: /JSON object, not null/ }],
  [
    'a lower-case inline country',
    placeOrderBody,
    order({ shippingAddressId: undefined, shippingAddress: address({ countryCode: 'gb' }) }),
    { field: 'shippingAddress.countryCode', message: /ISO 3166-1/ },
  ],
  [
    '101 lines',
    placeOrderBody,
    order({ items: Array.from({ length: 101 }, (_, index) => ({ skuId: String(index + 1), quantity: 1 })) }),
    { field: 'items', message: /1 to 100/ },
  ],

  // SKUs and money
  ['a valid SKU', createSkuBody, sku(), null],
  ['a free SKU', createSkuBody, sku({ priceCents: 0 }), null],
  ['price MAX_SAFE_INTEGER', createSkuBody, sku({ priceCents: Number.MAX_SAFE_INTEGER }), null],
  [
    'price beyond MAX_SAFE_INTEGER',
    createSkuBody,
    sku({ priceCents: Number.MAX_SAFE_INTEGER + 2 }),
    { field: 'priceCents', message: /at most 9007199254740991/ },
  ],
  ['a negative price', createSkuBody, sku({ priceCents: -1 }), { field: 'priceCents', message: /must not be negative/ }],
  ['a fractional price', createSkuBody, sku({ priceCents: 19.99 }), { field: 'priceCents', message: /not a fraction/ }],
  ['a price of 1e400 (Infinity)', createSkuBody, sku({ priceCents: Infinity }), { field: 'priceCents', message: /finite integer.*out of range/ }],
  ['a price of -1e400 (-Infinity)', createSkuBody, sku({ priceCents: -Infinity }), { field: 'priceCents', message: /finite integer.*out of range/ }],
  ['a stock of 1e400 (Infinity)', createSkuBody, sku({ inventoryCount: Infinity }), { field: 'inventoryCount', message: /finite integer.*out of range/ }],
  ['a SKU code of 1e400 (Infinity)', createSkuBody, sku({ skuCode: Infinity }), { field: 'skuCode', message: /must be a string, not a number out of range/ }],
  ['a price as a string', createSkuBody, sku({ priceCents: '1999' }), { field: 'priceCents', message: /integer number of minor units/ }],
  ['a lower-case currency', createSkuBody, sku({ currency: 'usd' }), { field: 'currency', message: /ISO 4217/ }],
  ['an unknown currency', createSkuBody, sku({ currency: 'ABC' }), { field: 'currency', message: /ISO 4217/ }],
  ['a withdrawn currency', createSkuBody, sku({ currency: 'HRK' }), { field: 'currency', message: /ISO 4217/ }],
  ['a negative stock', createSkuBody, sku({ inventoryCount: -1 }), { field: 'inventoryCount', message: /between 0 and/ }],
  ['attributes', createSkuBody, sku({ attributes: { size: 'M', weightGrams: 120, organic: true } }), null],
  ['nested attributes', createSkuBody, sku({ attributes: { size: { eu: 40 } } }), { field: 'attributes.size', message: /string, number or boolean/ }],
  ['an attribute with NUL', createSkuBody, sku({ attributes: { size: 'a\u0000b' } }), { field: 'attributes.size', message: /control characters/ }],
  ['an attribute with a lone surrogate', createSkuBody, sku({ attributes: { k: '\ud800' } }), { field: 'attributes.k', message: /valid Unicode/ }],
  ['an attribute key with a lone surrogate', createSkuBody, sku({ attributes: { ['\udfffk']: 'x' } }), { field: 'attributes.\udfffk', message: /keys must be valid Unicode/ }],
  ['an attribute named __proto__', createSkuBody, sku({ attributes: JSON.parse('{"__proto__":"x"}') }), { field: 'attributes.__proto__', message: /not a key/ }],
  ['an unknown __proto__ field', createCustomerBody, JSON.parse('{"email":"a@b.co","fullName":"Ada","__proto__":{"admin":true}}'), { field: '__proto__', message: /not a known field/ }],
  ['an emoji attribute (a whole pair)', createSkuBody, sku({ attributes: { colour: '\ud83d\udfe5 red' } }), null],
  ['a blank SKU code', createSkuBody, sku({ skuCode: '  ' }), { field: 'skuCode', message: /blank/ }],
  ['a SKU code with spaces', createSkuBody, sku({ skuCode: 'A B' }), { field: 'skuCode', message: /printable ASCII/ }],
  ['a new price', updateSkuBody, { priceCents: 2500 }, null],
  ['an empty price change', updateSkuBody, {}, { field: 'body', message: /at least 1/ }],
  ['restock 1000', restockBody, { quantity: 1000 }, null],
  ['restock a pallet of 5000 (no order-line limit)', restockBody, { quantity: 5000 }, null],
  ['restock the whole stock limit', restockBody, { quantity: 1_000_000_000 }, null],
  ['restock 0', restockBody, { quantity: 0 }, { field: 'quantity', message: /between 1 and 1000000000/ }],
  ['restock past the stock limit', restockBody, { quantity: 1_000_000_001 }, { field: 'quantity', message: /between 1 and 1000000000/ }],

  // customers, addresses, products
  ['a customer', createCustomerBody, { email: 'ada@example.com', fullName: 'Ada Lovelace' }, null],
  ['a customer without @', createCustomerBody, { email: 'ada.example.com', fullName: 'Ada' }, { field: 'email', message: /email address/ }],
  ['a customer with a numeric name', createCustomerBody, { email: 'a@b.co', fullName: 42 }, { field: 'fullName', message: /must be a string, not an integer/ }],
  ['a name with control characters', createCustomerBody, { email: 'a@b.co', fullName: 'Ada\u0000' }, { field: 'fullName', message: /control characters/ }],
  ['an address', addressBody, address({ line2: null, state: 'Greater London' }), null],
  ['an address in "UK"', addressBody, address({ countryCode: 'UK' }), { field: 'countryCode', message: /ISO 3166-1 alpha-2/ }],
  ['an address with a three-letter country', addressBody, address({ countryCode: 'GBR' }), { field: 'countryCode', message: /ISO 3166-1|2 to 2/ }],
  ['a long postcode', addressBody, address({ postalCode: 'x'.repeat(21) }), { field: 'postalCode', message: /1 to 20 characters/ }],
  ['an address change', addressPatchBody, { city: 'Cambridge' }, null],
  ['an empty address change', addressPatchBody, {}, { field: 'body', message: /at least 1/ }],
  ['a product', createProductBody, { merchantId: '77', name: 'Widget' }, null],
  ['a product with a numeric merchant', createProductBody, { merchantId: 77, name: 'Widget' }, null],

  // order commands
  ['a transition', transitionBody, { to: 'SHIPPED', expectedFrom: 'CONFIRMED', reason: 'packed' }, null],
  ['a transition to nowhere', transitionBody, { to: 'LOST' }, { field: 'to', message: /one of PENDING, CONFIRMED/ }],
  ['a lower-case status', transitionBody, { to: 'shipped' }, { field: 'to', message: /one of/ }],
  ['a cancel with a reason', cancelBody, { reason: 'changed my mind' }, null],
  ['a cancel without one', cancelBody, {}, null],
  ['a cancel reason with a lone low surrogate', cancelBody, { reason: '\udfff oops' }, { field: 'reason', message: /valid Unicode/ }],
  ['a transition reason with a lone high surrogate', transitionBody, { to: 'SHIPPED', reason: '\ud800' }, { field: 'reason', message: /valid Unicode/ }],
  ['a name with a lone surrogate', createCustomerBody, { email: 'a@b.co', fullName: 'Ada \ud800' }, { field: 'fullName', message: /valid Unicode/ }],
  ['a payment retry', retryPaymentBody, { token: 'tok_chargeDeclined' }, null],

  // paths and queries
  ['an id path', idParams, { id: '42' }, null],
  ['a non-numeric id path', idParams, { id: 'abc' }, { field: 'id', message: /positive integer id/ }],
  ['no query', noQuery, {}, null],
  ['an unexpected query parameter', noQuery, { debug: '1' }, { field: 'debug', message: /not a known field/ }],
  ['a history page', historyQuery, { limit: '50', cursor: 'MjAyNS0wMS0wMVQwMDowMDowMC4wMDBafDQy' }, null],
  ['a history limit of 0', historyQuery, { limit: '0' }, { field: 'limit', message: /between 1 and 100/ }],
  ['a history limit of 101', historyQuery, { limit: '101' }, { field: 'limit', message: /between 1 and 100/ }],
  ['a fractional limit', historyQuery, { limit: '2.5' }, { field: 'limit', message: /whole number/ }],
  ['a repeated limit', historyQuery, { limit: ['1', '2'] }, { field: 'limit', message: /whole number/ }],
  ['a cursor with odd characters', historyQuery, { cursor: 'abc def' }, { field: 'cursor', message: /nextCursor/ }],
  ['a queue page', queueQuery, { merchantId: '77', status: 'PENDING,CONFIRMED', limit: '100' }, null],
  ['a queue with an unknown status', queueQuery, { status: 'PENDING,LOST' }, { field: 'status', message: /comma-separated list/ }],
  ['a queue of shipped orders (it holds open orders only)', queueQuery, { status: 'SHIPPED' }, { field: 'status', message: /PENDING, CONFIRMED/ }],
  ['a queue limit of 501', queueQuery, { limit: '501' }, { field: 'limit', message: /between 1 and 500/ }],
  ['a payment look-up', paymentLookupQuery, { idempotencyKey: 'order-42-attempt-1' }, null],
  ['a payment look-up without a key', paymentLookupQuery, {}, { field: 'idempotencyKey', message: /is required/ }],
  ['a revenue range', revenueQuery, { merchantId: '77', from: '2025-01-01', to: '2025-01-31' }, null],
  ['a revenue range backwards', revenueQuery, { from: '2025-02-01', to: '2025-01-31' }, { field: 'to', message: /not be before from/ }],
  ['a revenue date that does not exist', revenueQuery, { from: '2025-02-30', to: '2025-03-01' }, { field: 'from', message: /YYYY-MM-DD/ }],
  ['a revenue range without to', revenueQuery, { from: '2025-02-01' }, { field: 'to', message: /is required/ }],
];

describe('request validation', () => {
  it.each(CASES)('%s', (_what, schema, input, expected) => {
    const result = validate(schema, input);
    if (expected === null) {
      expect(result).toEqual({ ok: true, value: expect.anything() });
    } else {
      expect(result.ok).toBe(false);
      const errors = result.ok ? [] : result.errors;
      expect(errors[0]).toEqual({ field: expected.field, message: expect.stringMatching(expected.message) });
    }
  });

  it('reports every problem of a body at once', () => {
    const result = validate(placeOrderBody, {
      customerId: 'x',
      items: [
        { skuId: '1', quantity: 0 },
        { skuId: '2', quantity: 2000 },
      ],
      payment: { token: 'tok_visa' },
      extra: true,
    });
    expect(result.ok ? [] : result.errors.map((error) => error.field).sort()).toEqual(['customerId', 'extra', 'items[0].quantity', 'items[1].quantity']);
  });

  it('turns numeric ids into strings, so the services see one form', () => {
    const result = validate(placeOrderBody, order({ customerId: 7, items: [{ skuId: 11, quantity: 1 }] }));
    expect(result.ok && result.value).toMatchObject({ customerId: '7', items: [{ skuId: '11', quantity: 1 }] });
  });

  it('parses query numbers and lists', () => {
    expect(validate(queueQuery, { limit: '25', status: 'CONFIRMED,PENDING,CONFIRMED' })).toEqual({
      ok: true,
      value: { limit: 25, status: ['CONFIRMED', 'PENDING'] },
    });
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-1-1', false],
    ['20250101', false],
    ['2025-01-01T00:00:00Z', false],
  ])('%s -> %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});
