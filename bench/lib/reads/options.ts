/** Command line of the read-patterns benchmark; parsing is pure so it can be tested. */

export interface ReadsBenchOptions {
  /** Order counts to measure at, ascending (the database only grows). Empty with --url: what is there. */
  sizes: number[];
  /** Measuring time per pattern and size. */
  seconds: number;
  /** Closed-loop workers per pattern. */
  concurrency: number;
  url?: string;
  readme: boolean;
  help: boolean;
}

export const HELP = `usage: npm run bench -- reads [options]      (node dist/bench/reads.js [options])

Measures the read access patterns (docs/API.md numbers the patterns 1 to 9) through the gateway, at each
database size: 1 order detail, 2 customer history (first page and a later keyset page), 3 SKU availability,
4 fulfillment queue, 7 revenue by merchant over 30 days, 8 order timeline, 9 payment by idempotency key.
Parameters are drawn from the seeded data (random orders, the customers with the most orders, the merchants
with the most open orders, ...); every request must answer 200, anything else is counted and its first body
printed. Reports req/s, p50 and p99 per pattern against its p99 target, and the p99 ratio of the largest size
to the smallest (target <= 1.5x).

Without --url it starts its own platform (embedded Postgres, gateway on 127.0.0.1:3600, Postgres on 54360,
data in .data/bench-reads, emptied first) and, for each size, grows the database to that many orders with the
project's seeder (npm run seed) before measuring. 1,000,000 orders take several minutes of seeding.

Options:
  --sizes LIST        order counts, e.g. 10000,1000000 (default 10000,1000000); ignored with --url
  --seconds N         measuring time per pattern (default 8)
  --concurrency N     closed-loop workers per pattern (default 8)
  --url URL           attach to a running platform (npm start; DATA_DIR must point at its data for the JWT
                      secret and admin URL): measures the data already there, one size, seeds nothing
  --no-readme         do not update the README's read-patterns section
  --help              this text

Results: bench/results/<timestamp>-reads.{json,md} and -reads-*.svg charts; the README between
<!-- bench-reads:start --> and <!-- bench-reads:end --> unless --no-readme.`;

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer, got "${text}"`);
  return value;
}

const KNOWN_OPTIONS = new Set(['sizes', 'seconds', 'concurrency', 'url']);

export function parseOptions(argv: string[]): ReadsBenchOptions {
  const values = new Map<string, string>();
  let help = false;
  let readme = true;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--no-readme') readme = false;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      // An unknown name is named as such, not as an option missing its value.
      if (!KNOWN_OPTIONS.has(name)) throw new Error(`unknown option --${name}; see --help`);
      const value = inline ?? argv[++index];
      // `--seconds --no-readme` must not quietly run with the default.
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value; see --help`);
      values.set(name, value);
    } else throw new Error(`unexpected argument "${arg}"; see --help`);
  }

  const url = values.get('url');
  if (values.has('url') && !/^https?:\/\/\S+$/.test(url ?? '')) throw new Error(`--url needs an http(s) URL, got "${url}"`);
  // Ascending and distinct: the seeder only appends, so each size builds on the one before.
  const sizes = [...new Set((values.get('sizes') ?? '10000,1000000').split(',').map((size) => positiveInteger('sizes', size.trim().replace(/_/g, ''))))].sort(
    (a, b) => a - b,
  );
  return {
    sizes: url ? [] : sizes,
    seconds: positiveInteger('seconds', values.get('seconds') ?? '8'),
    concurrency: positiveInteger('concurrency', values.get('concurrency') ?? '8'),
    url: url?.replace(/\/+$/, ''),
    readme,
    help,
  };
}
