/**
 * The payment provider as the payments service sees it. Every call carries an idempotency key: calling twice
 * with one key moves money at most once and returns the first answer. Implementations throw
 * TransientProviderError for failures worth retrying with the same key.
 */
export interface PaymentProvider {
  readonly name: string;
  charge(request: { idempotencyKey: string; token: string; amountCents: number; currency: string }): Promise<ProviderResult>;
  refund(request: { idempotencyKey: string; chargeRef: string; amountCents: number; currency: string }): Promise<ProviderResult>;
  /** What the provider recorded for a key, if anything: reconciliation after a crash asks this first. */
  lookup(idempotencyKey: string): Promise<ProviderResult | undefined>;
}

export type ProviderResult = { outcome: 'succeeded'; providerRef: string } | { outcome: 'declined'; reason: string; providerRef: string };

export class TransientProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientProviderError';
  }
}
