import { PricedLine, ShippingStrategy, TaxStrategy, priceOrder } from './pricing';

const line = (unitPriceCents: bigint, quantity: number): PricedLine => ({ skuId: '1', quantity, unitPriceCents });
const flatShipping = (cents: bigint): ShippingStrategy => ({ shippingFor: () => cents });
const percentTax = (basisPoints: bigint): TaxStrategy => ({ taxFor: ({ subtotalCents }) => (subtotalCents * basisPoints) / 10_000n });

describe('priceOrder', () => {
  it.each([
    ['one line', [line(1999n, 1)], undefined, undefined, { subtotalCents: 1999n, taxCents: 0n, shippingCents: 0n, totalCents: 1999n }],
    ['quantity multiplies', [line(250n, 4)], undefined, undefined, { subtotalCents: 1000n, taxCents: 0n, shippingCents: 0n, totalCents: 1000n }],
    ['several lines', [line(100n, 1), line(5n, 3)], undefined, undefined, { subtotalCents: 115n, taxCents: 0n, shippingCents: 0n, totalCents: 115n }],
    ['free items', [line(0n, 2)], undefined, undefined, { subtotalCents: 0n, taxCents: 0n, shippingCents: 0n, totalCents: 0n }],
    ['tax and shipping strategies', [line(10_000n, 1)], percentTax(825n), flatShipping(499n), { subtotalCents: 10_000n, taxCents: 825n, shippingCents: 499n, totalCents: 11_324n }],
    ['beyond 2^53 stays exact', [line(9_007_199_254_740_993n, 2)], undefined, undefined,
      { subtotalCents: 18_014_398_509_481_986n, taxCents: 0n, shippingCents: 0n, totalCents: 18_014_398_509_481_986n }],
  ])('%s', (_name, lines, tax, shipping, expected) => {
    expect(priceOrder('m1', 'USD', lines, tax, shipping)).toEqual(expected);
  });

  it('refuses a negative strategy amount', () => {
    expect(() => priceOrder('m1', 'USD', [line(1n, 1)], { taxFor: () => -1n })).toThrow(RangeError);
  });
});
