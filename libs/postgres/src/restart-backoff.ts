/**
 * How long to wait before the restart attempt numbered `attempt` (0 for the first) of a server that died: 0.5 s
 * doubling to 10 s, as the supervisor does for a service. Long enough not to spin on a port another process
 * holds, short enough that services get their database back soon after it is freed.
 */
export function restartDelayMs(attempt: number, firstMs = 500, maxMs = 10_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
}
