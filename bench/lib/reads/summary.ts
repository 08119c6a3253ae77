import type { PatternResult } from './measure';
import { PATTERNS, PatternKey } from './patterns';

/** How much slower (p99) the largest database may be than the smallest. */
export const MAX_P99_GROWTH = 1.5;

export interface SizeResult {
  /** Orders in the database while measuring. */
  orders: number;
  results: PatternResult[];
  skipped: Partial<Record<PatternKey, string>>;
}

/** 10000 -> 10k, 1000000 -> 1M, 1234 -> 1234 (the sizes people talk about; exact counts stay in the JSON). */
export function sizeLabel(orders: number): string {
  if (orders >= 1_000_000 && orders % 100_000 === 0) return `${orders / 1_000_000}M`;
  if (orders >= 1_000 && orders % 100 === 0) return `${orders / 1_000}k`;
  return String(orders);
}

/** p99 of the largest size over p99 of the smallest; undefined unless both were measured without errors. */
export function p99Growth(sizes: SizeResult[], key: PatternKey): number | undefined {
  if (sizes.length < 2) return undefined;
  const p99 = (size: SizeResult) => {
    const result = size.results.find((entry) => entry.key === key);
    return result && result.errors === 0 && result.ms.count > 0 ? result.ms.p99 : undefined;
  };
  const small = p99(sizes[0]);
  const large = p99(sizes[sizes.length - 1]);
  if (small === undefined || large === undefined) return undefined;
  return Math.round((large / Math.max(small, 0.1)) * 100) / 100;
}

/** Target met: p99 under the target with every request a 200. */
export const met = (result: PatternResult, targetMs: number) => result.errors === 0 && result.ms.count > 0 && result.ms.p99 < targetMs;

/** The Markdown table: one row per pattern and size, the growth ratio on the largest size's row. */
export function resultTable(sizes: SizeResult[]): string {
  const growthHeader =
    sizes.length > 1 ? `p99 ${sizeLabel(sizes[sizes.length - 1].orders)}/${sizeLabel(sizes[0].orders)} (<= ${MAX_P99_GROWTH}x)` : 'p99 growth';
  const lines = [
    `| pattern | endpoint | size | req/s | p50 ms | p99 ms | target p99 | met? | errors | ${growthHeader} |`,
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const pattern of PATTERNS) {
    const growth = p99Growth(sizes, pattern.key);
    sizes.forEach((size, index) => {
      const result = size.results.find((entry) => entry.key === pattern.key);
      const last = index === sizes.length - 1;
      const growthCell = !last || growth === undefined ? '' : `${growth}x ${growth <= MAX_P99_GROWTH ? 'ok' : 'MISSED'}`;
      const head = `| ${pattern.pattern} ${pattern.name} | \`${pattern.endpoint}\` | ${sizeLabel(size.orders)}`;
      if (!result) lines.push(`${head} | not measured: ${size.skipped[pattern.key] ?? 'no requests'} | | | < ${pattern.targetP99Ms} ms | | | |`);
      else
        lines.push(
          `${head} | ${result.perSecond} | ${result.ms.p50} | ${result.ms.p99} | < ${pattern.targetP99Ms} ms | ${met(result, pattern.targetP99Ms) ? 'yes' : 'NO'} | ${result.errors} | ${growthCell} |`,
        );
    });
  }
  return lines.join('\n');
}
