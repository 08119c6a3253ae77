import { restartDelayMs } from './restart-backoff';

describe('restartDelayMs', () => {
  it.each([
    { attempt: 0, expected: 500 },
    { attempt: 1, expected: 1_000 },
    { attempt: 4, expected: 8_000 },
    { attempt: 5, expected: 10_000 },
    { attempt: 1_000, expected: 10_000 },
  ])('attempt $attempt waits $expected ms', ({ attempt, expected }) => {
    expect(restartDelayMs(attempt)).toBe(expected);
  });

  it('takes other bounds (tests keep them short)', () => {
    expect([0, 1, 2, 3].map((attempt) => restartDelayMs(attempt, 50, 200))).toEqual([50, 100, 200, 200]);
  });
});
