import type { Movement } from './movements';

/** One line of the ledger file (JSONL): a movement and the merchant's balance in that currency after it. */
export interface LedgerLine {
  /** 1, 2, 3... in the order the movements were recorded. */
  line: number;
  kind: Movement['kind'];
  key: string;
  eventId: string;
  merchantId: string;
  currency: string;
  /** Signed minor units as a decimal string (bigint-exact): + for a capture, - for a refund. */
  deltaMinor: string;
  /** Running balance of (merchantId, currency) after this line, same encoding. */
  balanceMinor: string;
  orderId: string;
  paymentId: string;
  refundId?: string;
  at: string;
}

/** Everything needed to continue the ledger after a restart (stored with the Kafka offsets, atomically). */
export interface LedgerSnapshot {
  lines: number;
  /** `merchantId/currency` -> balance in minor units (decimal string). */
  balances: Record<string, string>;
  /** Movement key -> the event id that recorded it. */
  recorded: Record<string, string>;
}

export type ApplyResult =
  | { recorded: LedgerLine }
  /** `redelivered`: this very event again; `twin`: the same movement under another event id (another version). */
  | { duplicate: 'redelivered' | 'twin'; recordedBy: string };

const account = (merchantId: string, currency: string) => `${merchantId}/${currency}`;

/**
 * The running balances per merchant and currency, in bigint minor units, and the movements already recorded.
 * Applying a movement twice, under the same or another event id, records it once.
 */
export class Ledger {
  private lines: number;
  private readonly balances: Map<string, bigint>;
  private readonly recorded: Map<string, string>;

  constructor(snapshot: LedgerSnapshot = { lines: 0, balances: {}, recorded: {} }) {
    this.lines = snapshot.lines;
    this.balances = new Map(Object.entries(snapshot.balances).map(([key, value]) => [key, BigInt(value)]));
    this.recorded = new Map(Object.entries(snapshot.recorded));
  }

  apply(movement: Movement): ApplyResult {
    const recordedBy = this.recorded.get(movement.key);
    if (recordedBy !== undefined) return { duplicate: recordedBy === movement.eventId ? 'redelivered' : 'twin', recordedBy };
    if (movement.amountMinor <= 0n) throw new RangeError(`movement ${movement.key} has a non-positive amount ${movement.amountMinor}`);
    const delta = movement.kind === 'capture' ? movement.amountMinor : -movement.amountMinor;
    const balance = this.balance(movement.merchantId, movement.currency) + delta;
    this.balances.set(account(movement.merchantId, movement.currency), balance);
    this.recorded.set(movement.key, movement.eventId);
    this.lines += 1;
    return {
      recorded: {
        line: this.lines, kind: movement.kind, key: movement.key, eventId: movement.eventId, merchantId: movement.merchantId, currency: movement.currency,
        deltaMinor: delta.toString(), balanceMinor: balance.toString(), orderId: movement.orderId, paymentId: movement.paymentId,
        ...(movement.refundId ? { refundId: movement.refundId } : {}), at: movement.at,
      },
    };
  }

  balance(merchantId: string, currency: string): bigint {
    return this.balances.get(account(merchantId, currency)) ?? 0n;
  }

  snapshot(): LedgerSnapshot {
    return {
      lines: this.lines,
      balances: Object.fromEntries([...this.balances].map(([key, value]) => [key, value.toString()])),
      recorded: Object.fromEntries(this.recorded),
    };
  }
}

/**
 * Re-derives the ledger from its lines and lists every disagreement: numbering, a movement recorded twice, a
 * running balance that is not the previous balance plus the delta, a delta with the wrong sign. Returns the
 * recomputed closing balances too, to compare with the stored snapshot.
 */
export function reconcile(lines: readonly LedgerLine[]): { problems: string[]; balances: Record<string, string> } {
  const problems: string[] = [];
  const balances = new Map<string, bigint>();
  const keys = new Set<string>();
  lines.forEach((entry, index) => {
    const where = `line ${index + 1}`;
    if (entry.line !== index + 1) problems.push(`${where}: numbered ${entry.line}`);
    if (keys.has(entry.key)) problems.push(`${where}: ${entry.key} recorded twice`);
    keys.add(entry.key);
    const delta = BigInt(entry.deltaMinor);
    if ((entry.kind === 'capture') !== delta > 0n) problems.push(`${where}: ${entry.kind} with delta ${entry.deltaMinor}`);
    const key = account(entry.merchantId, entry.currency);
    const balance = (balances.get(key) ?? 0n) + delta;
    balances.set(key, balance);
    if (BigInt(entry.balanceMinor) !== balance) problems.push(`${where}: balance ${entry.balanceMinor} of ${key}, expected ${balance}`);
  });
  return { problems, balances: Object.fromEntries([...balances].map(([key, value]) => [key, value.toString()])) };
}
