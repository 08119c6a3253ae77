import { DEFAULT_RETRY_POLICY, RetryPolicy, backoffMs, shouldDeadLetter } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffMs', () => {
  // Doubling from the base after each failure, capped; attempt numbers below 1 behave like the first.
  it.each([
    { attempt: 0, expected: 100 },
    { attempt: 1, expected: 100 },
    { attempt: 2, expected: 200 },
    { attempt: 3, expected: 400 },
    { attempt: 4, expected: 800 },
    { attempt: 5, expected: 1_000 },
    { attempt: 60, expected: 1_000 },
  ])('waits $expected ms after $attempt failures', ({ attempt, expected }) => {
    expect(backoffMs(policy, attempt)).toBe(expected);
  });

  it('never exceeds the cap of the default policy, however many failures', () => {
    for (let attempt = 1; attempt <= 100; attempt++) expect(backoffMs(DEFAULT_RETRY_POLICY, attempt)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});

describe('shouldDeadLetter', () => {
  // maxAttempts counts the first try: with 4, the 4th failure parks the event, the 3rd does not.
  it.each([
    { failed: 1, permanent: false, expected: false },
    { failed: 3, permanent: false, expected: false },
    { failed: 4, permanent: false, expected: true },
    { failed: 9, permanent: false, expected: true },
    { failed: 1, permanent: true, expected: true },
  ])('after $failed failures (permanent: $permanent) -> $expected', ({ failed, permanent, expected }) => {
    expect(shouldDeadLetter(policy, failed, permanent)).toBe(expected);
  });

  it('with maxAttempts 1 parks on the first failure', () => {
    expect(shouldDeadLetter({ ...policy, maxAttempts: 1 }, 1, false)).toBe(true);
  });
});
