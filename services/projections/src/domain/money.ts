/**
 * An order's minor-unit amount as a JSON number. Exact only up to 2^53 - 1, the most an order may total (orders
 * refuse more at checkout), so anything larger is refused rather than silently rounded. Sums, which can pass it,
 * are written as JSON text instead (revenue-json.ts).
 */
export function centsForJson(cents: bigint | string): number {
  const value = typeof cents === 'bigint' ? cents : BigInt(cents);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${value} minor units cannot be represented exactly as a JSON number`);
  }
  return Number(value);
}
