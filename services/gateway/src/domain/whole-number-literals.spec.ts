import { createSkuBody, placeOrderBody, restockBody } from '@shop/service-kit/validation';
import { fractionalIntegers, fractionalNumberLiterals } from './whole-number-literals';

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

describe('fractionalNumberLiterals', () => {
  it.each([
    ['nested arrays and objects', '[1.5,{"a":[0,{"b":2e2}]},"x",true,null,-0.5]', [['body[0]', '1.5'], ['body[1].a[1].b', '2e2'], ['body[5]', '-0.5']]],
    ['strings holding quotes, backslashes and digits', '{"s":"\\\\\\"1.5","n":3.25}', [['n', '3.25']]],
    ['whole numbers only', '{"a":1,"b":[2,3],"c":-4}', []],
  ])('%s', (_what, json, expected) => {
    expect(JSON.parse(json)).toBeDefined();
    expect(fractionalNumberLiterals(json).map((literal) => [literal.path, literal.literal])).toEqual(expected);
  });

  it('walks a deeply nested body without recursion', () => {
    const depth = 100_000;
    const json = `${'['.repeat(depth)}1.5${']'.repeat(depth)}`;
    expect(fractionalNumberLiterals(json)).toHaveLength(1);
  });
});
