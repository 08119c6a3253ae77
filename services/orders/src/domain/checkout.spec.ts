import { CatalogEntry, draftOrder } from './checkout';

const sku = (skuId: string, overrides: Partial<CatalogEntry> = {}): CatalogEntry => ({
  skuId, merchantId: 'm1', skuCode: `C-${skuId}`, name: `Item ${skuId}`, priceCents: 1000n, currency: 'USD', ...overrides,
});

describe('draftOrder', () => {
  it('snapshots price, name and code and prices the order', () => {
    const result = draftOrder([{ skuId: '1', quantity: 2 }, { skuId: '2', quantity: 1 }], [sku('1'), sku('2', { priceCents: 550n })]);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        merchantId: 'm1', currency: 'USD', subtotalCents: 2550n, taxCents: 0n, shippingCents: 0n, totalCents: 2550n, itemCount: 2, totalUnits: 3,
        lines: [
          { skuId: '1', quantity: 2, unitPriceCents: 1000n, skuCode: 'C-1', name: 'Item 1', currency: 'USD' },
          { skuId: '2', quantity: 1, unitPriceCents: 550n, skuCode: 'C-2', name: 'Item 2', currency: 'USD' },
        ],
      }),
    });
  });

  it.each([
    ['an unknown SKU', [{ skuId: '9', quantity: 1 }], [sku('1')], 'items[0].skuId', /does not exist/],
    ['the same SKU twice', [{ skuId: '1', quantity: 1 }, { skuId: '1', quantity: 2 }], [sku('1')], 'items[1].skuId', /appears twice/],
    ['no items', [], [sku('1')], 'items', /at least one/],
    ['two merchants', [{ skuId: '1', quantity: 1 }, { skuId: '2', quantity: 1 }], [sku('1'), sku('2', { merchantId: 'm2' })], 'items', /one merchant/],
    ['two currencies', [{ skuId: '1', quantity: 1 }, { skuId: '2', quantity: 1 }], [sku('1'), sku('2', { currency: 'EUR' })], 'items', /one currency/],
    ['a total of 0', [{ skuId: '1', quantity: 3 }], [sku('1', { priceCents: 0n })], 'items', /total is 0/],
    ['a total over 2^53 - 1', [{ skuId: '1', quantity: 2 }], [sku('1', { priceCents: 9007199254740991n })], 'items', /largest amount/],
    ['lines that only add up to too much', [{ skuId: '1', quantity: 1 }, { skuId: '2', quantity: 1 }], [sku('1', { priceCents: 2n ** 52n }), sku('2', { priceCents: 2n ** 52n })], 'items', /largest amount/],
  ])('refuses %s', (_name, cart, catalog, field, message) => {
    const result = draftOrder(cart, catalog);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
  });
});

describe('draftOrder at the largest amount', () => {
  it('accepts a total of exactly 2^53 - 1', () => {
    const result = draftOrder([{ skuId: '1', quantity: 1 }], [sku('1', { priceCents: 9007199254740991n })]);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ totalCents: 9007199254740991n }) });
  });
});
