/** How a consumer retries a failing event before it dead-letters it. */
export interface RetryPolicy {
  /** Attempts in all, the first included; the event is dead-lettered after the last one fails. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

/** Exponential backoff before attempt `attempt + 1`, given `attempt` failures so far (1-based), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export function shouldDeadLetter(policy: RetryPolicy, failedAttempts: number, permanent: boolean): boolean {
  return permanent || failedAttempts >= policy.maxAttempts;
}
