import { createSkuBody, placeOrderBody, restockBody } from '@shop/service-kit/validation';
import { MAX_REPORTED, fractionalIntegers } from './whole-number-literals';

describe('fractionalIntegers', () => {
  const sku = createSkuBody.jsonSchema();
  const order = placeOrderBody.jsonSchema();
  it.each([
    ['whole numbers', sku, '{"productId":"1","priceCents":1999,"currency":"USD","inventoryCount":5}', []],
    ['a fraction JSON.parse rounds away', sku, '{"priceCents":1999.00000000000001}', ['priceCents']],
    ['a trailing .0 inside an array, named by its path', order, '{"items":[{"skuId":"1","quantity":1.0}]}', ['items[0].quantity']],
    ['each item by its own path', order, '{"items":[{"quantity":1.5},{"quantity":2},{"quantity":2.5}]}', ['items[0].quantity', 'items[2].quantity']],
    ['an exponent', sku, '{"inventoryCount":2e3}', ['inventoryCount']],
    ['spaces around the colon and a negative exponent', sku, '{ "priceCents" :  5E-0 }', ['priceCents']],
    ['a key written with escapes', sku, '{"\\u0070riceCents":1999.0,"\\u0069nventoryCount":2e1}', ['priceCents', 'inventoryCount']],
    ['free-form attributes keep their fractions, whatever their names', sku, '{"attributes":{"quantity":2.5,"weightKg":1.5},"priceCents":100}', []],
    ['the key inside a string value', sku, '{"note":"\\"priceCents\\": 1.5"}', []],
    ['a field the schema does not know', sku, '{"priceCentz":1.5}', []],
    ['the same field twice (JSON.parse keeps the last)', restockBody.jsonSchema(), '{"quantity":1.5,"quantity":2.0}', ['quantity']],
  ])('%s', (_what, schema, json, fields) => {
    expect(fractionalIntegers(json, schema)).toEqual(fields);
  });
});

describe('fractionalIntegers on nested bodies', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { type: 'array', items: { type: 'object', properties: { b: { type: 'integer' }, c: { type: 'number' } } } },
      n: { type: 'integer' },
    },
  };
  it.each([
    ['nested arrays and objects', '{"a":[{"b":1},{"b":2e2,"c":1.5}],"x":[1.5],"n":-0.0}', ['a[1].b', 'n']],
    ['strings holding quotes, backslashes and digits', '{"s":"\\\\\\"1.5","n":3.25}', ['n']],
    ['literals beside numbers', '{"t":true,"f":false,"z":null,"a":[{"b":7.0}]}', ['a[0].b']],
    ['whole numbers only', '{"a":[{"b":1}],"n":-4}', []],
  ])('%s', (_what, json, expected) => {
    expect(JSON.parse(json)).toBeDefined();
    expect(fractionalIntegers(json, schema)).toEqual(expected);
  });

  // Paths are built only where the schema says integer: a body deep and wide at once (1 MB) stays one pass.
  it.each([
    ['deep, then wide, outside the schema', `{"x":${'['.repeat(150_000)}${'1.5,'.repeat(100_000)}1.5${']'.repeat(150_000)}}`, []],
    ['deep inside an unknown key, with an integer field after it', `{"x":${'['.repeat(100_000)}1.5${']'.repeat(100_000)},"n":2.0}`, ['n']],
  ])('%s', (_what, json, expected) => {
    expect(fractionalIntegers(json, schema)).toEqual(expected);
  });

  it(`names the first ${MAX_REPORTED} of a body with 60,000 of them, once each`, () => {
    const json = `{"a":[${'{"b":1.0},'.repeat(60_000)}{"b":2}],"n":1.5}`;
    const paths = fractionalIntegers(json, schema);
    expect(paths).toEqual(Array.from({ length: MAX_REPORTED }, (_, index) => `a[${index}].b`));
  });
});
