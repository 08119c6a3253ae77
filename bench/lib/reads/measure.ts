import { http } from '../http';
import { closedLoop } from '../load';
import { round } from '../stats';
import type { BenchPlatform } from '../platform';
import { ReadResult, benchRead } from '../../order-reads';
import type { ReadPattern, ReadRequest } from './patterns';

export interface PatternResult extends ReadResult {
  key: ReadPattern['key'];
  /** The first failure, so a wrong route or a missing grant shows what the gateway said. */
  firstError?: string;
}

/** Not recorded: the first requests of a pattern pay for JIT and cold connections in every service on the way. */
const WARM_UP_MS = 1_000;

/**
 * Closed-loop GETs of one pattern through the gateway, each to a random one of the prepared requests. Anything
 * but a 200 of the documented shape counts as an error; the first one is printed with its body.
 */
export async function measurePattern(
  platform: BenchPlatform,
  pattern: ReadPattern,
  requests: ReadRequest[],
  options: { seconds: number; concurrency: number; label: string },
): Promise<PatternResult> {
  let firstError: string | undefined;
  const once = async () => {
    const request = requests[Math.floor(Math.random() * requests.length)];
    const response = await http('GET', `${platform.gateway}${request.path}`, { token: request.token }).catch((error: Error) => ({
      status: 0,
      body: error.message,
      ms: 0,
    }));
    const problem = response.status === 200 ? pattern.check(response.body) : `HTTP ${response.status}`;
    if (problem === undefined) return response;
    if (firstError === undefined) {
      firstError = `${problem} for GET ${request.path}: ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`.slice(0, 1_000);
      console.error(`${options.label}: ${firstError}`);
    }
    // Refused or reset: the platform is down or restarting; hammering it would only burn the CPU it needs.
    if (response.status === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    // benchRead counts anything but 200 as an error and leaves it out of the latencies.
    return { status: response.status === 200 ? -1 : response.status, ms: response.ms };
  };
  await closedLoop(options.concurrency, WARM_UP_MS, async () => void (await once()));
  const result = await benchRead(options.label, options.concurrency, options.seconds, once);
  if (result.ms.count === 0 && firstError?.startsWith('HTTP 0 ')) throw new Error(`the gateway stopped answering during ${options.label}: ${firstError}`);
  // Requests answered correctly per second: failures can be much faster (or slower) than answers.
  const perSecond = round((result.perSecond * result.ms.count) / Math.max(1, result.ms.count + result.errors));
  return { ...result, perSecond, key: pattern.key, firstError };
}
