import { parseOptions } from '../../tools/cli/parse-options';
import { UsageError } from '../../tools/cli/usage-error';

// bench/run.ts's command line (the reads and messaging suites parse their own: bench/lib/*/options.ts).

export const BENCH_SUITES = ['checkout', 'messaging', 'reads'] as const;

export const CHECKOUT_OPTIONS = {
  url: { type: 'string' },
  mode: { type: 'string', choices: ['postgres', 'kafka'] },
  seconds: { type: 'number', exclusiveMin: true },
  warmup: { type: 'number' },
  clients: { type: 'integer' },
  'no-readme': { type: 'flag' },
} as const;

export interface CheckoutBenchOptions {
  url?: string;
  mode: 'postgres' | 'kafka';
  seconds: number;
  warmupSeconds: number;
  clients: number;
  readme: boolean;
}

/**
 * The checkout suite's options with their defaults, checked before minutes of platform start-up rather than
 * after (a bad --mode used to surface only when the launch failed).
 */
export function checkoutBenchOptions(argv: readonly string[]): CheckoutBenchOptions {
  const { options, positionals } = parseOptions(argv, CHECKOUT_OPTIONS, 1);
  const [suite = 'checkout'] = positionals;
  if (suite !== 'checkout') throw new UsageError(`unknown suite "${suite}": one of ${BENCH_SUITES.join(', ')}`);
  if (options.url !== undefined && !/^https?:\/\/\S+$/.test(options.url)) throw new UsageError(`--url needs an http(s) URL, got "${options.url}"`);
  return {
    url: options.url,
    mode: options.mode ?? 'postgres',
    seconds: options.seconds ?? 20,
    warmupSeconds: options.warmup ?? 10,
    clients: options.clients ?? 96,
    readme: !options['no-readme'],
  };
}
