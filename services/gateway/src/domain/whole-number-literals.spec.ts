import { fractionalWholeNumbers } from './whole-number-literals';

describe('fractionalWholeNumbers', () => {
  it.each([
    ['whole numbers', '{"priceCents":1999,"currency":"USD","inventoryCount":5}', []],
    ['a fraction JSON.parse rounds away', '{"priceCents":1999.00000000000001}', ['priceCents']],
    ['a trailing .0', '{"items":[{"skuId":"1","quantity":1.0}]}', ['quantity']],
    ['an exponent', '{"inventoryCount":2e3}', ['inventoryCount']],
    ['spaces around the colon', '{ "totalCents" :  5.5 }', ['totalCents']],
    ['the same field twice', '{"items":[{"quantity":1.5},{"quantity":2.5}]}', ['quantity']],
    ['other numeric fields may have fractions (attributes)', '{"attributes":{"weightKg":1.5},"priceCents":100}', []],
    ['the key inside a string value', '{"note":"\\"priceCents\\": 1.5"}', []],
  ])('%s', (_what, json, fields) => {
    expect(fractionalWholeNumbers(json)).toEqual(fields);
  });
});
