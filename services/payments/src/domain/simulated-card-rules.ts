/** What the simulated provider does with a token (API.md "Simulated payment provider"). */
export type SimulatedOutcome = 'capture' | 'decline' | 'transient-failure';

/** Transient failures `tok_processingError` produces before it captures, per idempotency key. */
export const TRANSIENT_FAILURES_BEFORE_SUCCESS = 2;

/**
 * tok_chargeDeclined is declined; tok_processingError fails transiently twice and then captures when retried with
 * the same idempotency key; any other tok_... captures.
 */
export function simulatedOutcome(token: string, transientFailuresSoFar: number): SimulatedOutcome {
  if (token === 'tok_chargeDeclined') return 'decline';
  if (token === 'tok_processingError' && transientFailuresSoFar < TRANSIENT_FAILURES_BEFORE_SUCCESS) return 'transient-failure';
  return 'capture';
}
