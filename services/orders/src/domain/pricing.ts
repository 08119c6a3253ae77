/** A line priced from the catalog snapshot. Money is bigint minor units; never a float. */
export interface PricedLine {
  skuId: string;
  quantity: number;
  unitPriceCents: bigint;
}

export interface OrderTotals {
  subtotalCents: bigint;
  taxCents: bigint;
  shippingCents: bigint;
  totalCents: bigint;
}

/** What the platform charges on top of the goods. Implementations receive the merchant, currency and lines. */
export interface TaxStrategy {
  taxFor(input: { merchantId: string; currency: string; lines: PricedLine[]; subtotalCents: bigint }): bigint;
}
export interface ShippingStrategy {
  shippingFor(input: { merchantId: string; currency: string; lines: PricedLine[]; subtotalCents: bigint }): bigint;
}

/** Default: no tax. Tax is never taken from the client. */
export const DefaultTaxStrategy: TaxStrategy = { taxFor: () => 0n };
/** Default: free shipping. Shipping is never taken from the client. */
export const DefaultShippingStrategy: ShippingStrategy = { shippingFor: () => 0n };

/** The largest amount an order may hold: money leaves the platform as a JSON number, exact only up to 2^53 - 1. */
export const MAX_AMOUNT_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** total = subtotal + tax + shipping, the invariant orders.orders checks again in the database. */
export function priceOrder(
  merchantId: string,
  currency: string,
  lines: PricedLine[],
  tax: TaxStrategy = DefaultTaxStrategy,
  shipping: ShippingStrategy = DefaultShippingStrategy,
): OrderTotals {
  const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * BigInt(line.quantity), 0n);
  const input = { merchantId, currency, lines, subtotalCents };
  const taxCents = tax.taxFor(input);
  const shippingCents = shipping.shippingFor(input);
  if (taxCents < 0n || shippingCents < 0n) throw new RangeError('tax and shipping strategies must not return negative amounts');
  return { subtotalCents, taxCents, shippingCents, totalCents: subtotalCents + taxCents + shippingCents };
}
