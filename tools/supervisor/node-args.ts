/**
 * Heap bounds for every service: with node's default 16 MB semi-spaces a service under a burst of clients grew to
 * ~235 MB RSS and kept it; 8 MB semi-spaces held every service near 120 MB at the same throughput (bench). The
 * old-space cap makes the bound explicit (the live heap at rest is ~40 MB).
 */
export const SERVICE_HEAP_ARGS = ['--max-semi-space-size=8', '--max-old-space-size=256'] as const;

/** The node flags a service process starts with: the heap bounds, then SERVICE_NODE_ARGS (a later flag wins). */
export function serviceNodeArgs(env: Record<string, string | undefined>): string[] {
  return [...SERVICE_HEAP_ARGS, ...(env.SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
}
