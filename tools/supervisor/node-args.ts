import { spawnSync } from 'node:child_process';
import { ConfigError } from '@shop/config';

/**
 * A heap bound for every service: with node's default old space a service under a burst of clients grew to
 * ~235 MB RSS and kept it; a 160 MB old space held every service near 135 MB at the same throughput (bench;
 * 8 MB semi-spaces held them near 120 MB but raised POST-to-CONFIRMED p50 at 70% from ~100 to 130-200 ms).
 * The live heap at rest is ~40 MB.
 */
export const SERVICE_HEAP_ARGS = ['--max-old-space-size=160'] as const;

/** The node flags a service process starts with: the heap bound, then SERVICE_NODE_ARGS (a later flag wins). */
export function serviceNodeArgs(env: Record<string, string | undefined>): string[] {
  return [...SERVICE_HEAP_ARGS, ...(env.SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
}

/**
 * Refuses SERVICE_NODE_ARGS that node will not start with, naming the variable: otherwise every service exited
 * with node's "bad option" at once and the supervisor restarted them until the health wait gave up.
 */
export function checkServiceNodeArgs(env: Record<string, string | undefined>, node = process.execPath): void {
  if (!env.SERVICE_NODE_ARGS?.trim()) return;
  const result = spawnSync(node, [...serviceNodeArgs(env), '-e', ''], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return;
  const reason = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n')[0];
  throw new ConfigError('SERVICE_NODE_ARGS', `holds flags node refuses (${reason}), got "${env.SERVICE_NODE_ARGS}"`);
}
