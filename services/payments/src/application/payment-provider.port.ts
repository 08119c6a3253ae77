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
  /**
   * Makes sure the charge with this key never happens, as a card processor cancels a payment intent: from then on
   * every charge with the key is declined with reason CHARGE_CANCELLED. Returns the key's answer: that decline,
   * or the charge's own result when it happened first (too late to cancel).
   */
  cancel(request: { idempotencyKey: string; amountCents: number; currency: string }): Promise<ProviderResult>;
}

/** The reason a provider gives for a charge whose key was cancelled before it ran. */
export const CHARGE_CANCELLED = 'cancelled before the charge';

export type ProviderResult = { outcome: 'succeeded'; providerRef: string } | { outcome: 'declined'; reason: string; providerRef: string };

export class TransientProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientProviderError';
  }
}

/**
 * A call that did not answer within its deadline: the provider may still have done it (or do it later), so the
 * outcome is unknown. Never retried inline and never read as a decline; the reconciler asks by key.
 */
export class ProviderTimeoutError extends Error {
  constructor(readonly call: string, readonly timeoutMs: number) {
    super(`the payment provider did not answer ${call} within ${timeoutMs} ms (PROVIDER_TIMEOUT_MS); its outcome is unknown until the reconciler asks by key`);
    this.name = 'ProviderTimeoutError';
  }
}
