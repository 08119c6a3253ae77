/** One requested order line. */
export interface RequestedLine {
  skuId: string;
  quantity: number;
}

/**
 * Normalises the lines of an order for reservation: one entry per SKU (quantities added up) in ascending SKU id
 * order. Every reservation locks SKUs in this order, so two orders sharing SKUs can never deadlock.
 */
export function planReservation(lines: RequestedLine[]): RequestedLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new RangeError(`quantity of SKU ${line.skuId} must be a positive whole number`);
    totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.quantity);
  }
  return [...totals]
    .map(([skuId, quantity]) => ({ skuId, quantity }))
    .sort((a, b) => compareIds(a.skuId, b.skuId));
}

/** Compares decimal id strings numerically (ids can exceed 2^53, so never through Number). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

export interface StockLevel {
  skuId: string;
  available: number;
}

/** The lines that cannot be served from the given stock levels (a missing SKU counts as 0 available). */
export function shortages(plan: RequestedLine[], stock: StockLevel[]): { skuId: string; requested: number; available: number }[] {
  const bySku = new Map(stock.map((level) => [level.skuId, level.available]));
  return plan
    .map((line) => ({ skuId: line.skuId, requested: line.quantity, available: Math.max(0, bySku.get(line.skuId) ?? 0) }))
    .filter((line) => line.available < line.requested);
}
