/** A published event version that has a successor and will stop being published (it stays in the registry). */
export interface Deprecation {
  type: string;
  version: number;
  supersededBy: number;
  /** When the successor started being published alongside it (UTC date). */
  since: string;
  /** The producer keeps publishing this version at least until this date; later only after an announcement. */
  publishedUntilAtLeast: string;
}

/**
 * The deprecation windows in force (docs/contracts/VERSIONING.md). During a window the producer writes both
 * versions of every event in one transaction; the entry is kept after the window closes, as the record of it.
 */
export const DEPRECATIONS: readonly Deprecation[] = [
  { type: 'payments.payment-captured', version: 1, supersededBy: 2, since: '2026-11-25', publishedUntilAtLeast: '2027-02-23' },
  { type: 'orders.order-shipped', version: 1, supersededBy: 2, since: '2026-11-27', publishedUntilAtLeast: '2027-02-25' },
];

export function deprecationOf(type: string, version: number): Deprecation | undefined {
  return DEPRECATIONS.find((deprecation) => deprecation.type === type && deprecation.version === version);
}
