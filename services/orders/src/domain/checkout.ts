import { MAX_AMOUNT_CENTS, PricedLine, OrderTotals, ShippingStrategy, TaxStrategy, priceOrder } from './pricing';
import { Result, fail, ok } from './result';

/** A SKU as the orders service knows it from the catalog replica. */
export interface CatalogEntry {
  skuId: string;
  merchantId: string;
  skuCode: string;
  name: string;
  priceCents: bigint;
  currency: string;
}

export interface CartLine {
  skuId: string;
  quantity: number;
}

/** A line with its snapshots: what the customer buys, at the price and name of this moment. */
export interface SnapshotLine extends PricedLine {
  skuCode: string;
  name: string;
  currency: string;
}

export interface OrderDraft extends OrderTotals {
  merchantId: string;
  currency: string;
  lines: SnapshotLine[];
  itemCount: number;
  totalUnits: number;
}

export interface CheckoutProblem {
  field: string;
  message: string;
}

/**
 * Turns a cart into an order draft from the catalog replica: every SKU must exist, and an order holds one
 * merchant and one currency. Prices and names are copied, never referenced.
 */
export function draftOrder(cart: CartLine[], catalog: CatalogEntry[], tax?: TaxStrategy, shipping?: ShippingStrategy): Result<OrderDraft, CheckoutProblem[]> {
  const bySku = new Map(catalog.map((entry) => [entry.skuId, entry]));
  const problems: CheckoutProblem[] = [];
  const seen = new Set<string>();
  cart.forEach((line, index) => {
    if (!bySku.has(line.skuId)) problems.push({ field: `items[${index}].skuId`, message: `SKU ${line.skuId} does not exist` });
    if (seen.has(line.skuId)) problems.push({ field: `items[${index}].skuId`, message: `SKU ${line.skuId} appears twice; use quantity instead` });
    seen.add(line.skuId);
  });
  if (cart.length === 0) problems.push({ field: 'items', message: 'an order needs at least one item' });
  if (problems.length > 0) return fail(problems);

  const entries = cart.map((line) => bySku.get(line.skuId)!);
  const merchants = new Set(entries.map((entry) => entry.merchantId));
  const currencies = new Set(entries.map((entry) => entry.currency));
  if (merchants.size > 1) problems.push({ field: 'items', message: 'all items of an order must belong to one merchant' });
  if (currencies.size > 1) problems.push({ field: 'items', message: 'all items of an order must be in one currency' });
  if (problems.length > 0) return fail(problems);

  const lines: SnapshotLine[] = cart.map((line, index) => ({
    skuId: line.skuId,
    quantity: line.quantity,
    unitPriceCents: entries[index].priceCents,
    skuCode: entries[index].skuCode,
    name: entries[index].name,
    currency: entries[index].currency,
  }));
  const merchantId = entries[0].merchantId;
  const currency = entries[0].currency;
  const totals = priceOrder(merchantId, currency, lines, tax, shipping);
  // The saga asks payments to capture the total, and a capture of nothing is not one: a free order would wait
  // for a payment that can never be requested until its reservation expired.
  if (totals.totalCents <= 0n) {
    return fail([{ field: 'items', message: "the order's total is 0: an order must cost something (a free item can go in an order with a priced one)" }]);
  }
  if (totals.totalCents > MAX_AMOUNT_CENTS) {
    return fail([{ field: 'items', message: `the order's total of ${totals.totalCents} minor units is over the largest amount an order may hold (${MAX_AMOUNT_CENTS}); split it into smaller orders` }]);
  }
  return ok({
    merchantId,
    currency,
    lines,
    itemCount: lines.length,
    totalUnits: lines.reduce((units, line) => units + line.quantity, 0),
    ...totals,
  });
}
