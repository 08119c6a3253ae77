import { RequestedLine, StockLevel, compareIds, shortages } from './reservation-plan';

/** One order asking for stock, lines already planned (planReservation). */
export interface AllocationRequest {
  orderId: string;
  plan: RequestedLine[];
}

export type AllocationDecision =
  | { orderId: string; outcome: 'already' }
  | { orderId: string; outcome: 'reserved'; plan: RequestedLine[] }
  | { orderId: string; outcome: 'rejected'; reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU'; shortages: { skuId: string; requested: number; available: number }[] };

/**
 * Decides a run of orders against stock locked once for all of them, in log order: each order gets all of its
 * lines or none, from what the orders before it left. The same decisions as reserving them one by one, but the
 * caller writes each SKU row once per run, which is what keeps a hot SKU fast: one UPDATE per batch instead of
 * one per order, each of which would also lengthen the row's version chain within the transaction.
 * `decided` holds orders that already have a decision (a repeated OrderPlaced): they change nothing.
 */
export function allocateInOrder(requests: AllocationRequest[], levels: StockLevel[], decided: ReadonlySet<string>): { decisions: AllocationDecision[]; taken: RequestedLine[] } {
  const available = new Map(levels.map((level) => [level.skuId, level.available]));
  const taken = new Map<string, number>();
  const seen = new Set<string>();
  const decisions: AllocationDecision[] = [];
  for (const { orderId, plan } of requests) {
    if (decided.has(orderId) || seen.has(orderId)) {
      decisions.push({ orderId, outcome: 'already' });
      continue;
    }
    seen.add(orderId);
    const current = plan.map((line) => ({ skuId: line.skuId, available: available.get(line.skuId) ?? 0 }));
    const short = shortages(plan, current);
    const unknown = plan.some((line) => !available.has(line.skuId));
    if (short.length > 0 || unknown) {
      decisions.push({ orderId, outcome: 'rejected', reason: unknown ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK', shortages: short });
      continue;
    }
    for (const line of plan) {
      available.set(line.skuId, available.get(line.skuId)! - line.quantity);
      taken.set(line.skuId, (taken.get(line.skuId) ?? 0) + line.quantity);
    }
    decisions.push({ orderId, outcome: 'reserved', plan });
  }
  return {
    decisions,
    taken: [...taken].map(([skuId, quantity]) => ({ skuId, quantity })).sort((a, b) => compareIds(a.skuId, b.skuId)),
  };
}
