import { cpus, loadavg, totalmem } from 'node:os';
import { BenchPlatform, attachPlatform, launchPlatform } from './lib/platform';
import { progress } from './lib/progress';
import { backgroundCpuPercent } from './lib/reads/background-cpu';
import { Growth, countOrders, growTo } from './lib/reads/grow';
import { measurePattern } from './lib/reads/measure';
import { HELP, ReadsBenchOptions, parseOptions } from './lib/reads/options';
import { PATTERNS } from './lib/reads/patterns';
import { drawSamples } from './lib/reads/samples';
import { SizeResult, p99Growth, resultTable, sizeLabel } from './lib/reads/summary';
import { barChart, updateReadme, writeReport } from './lib/report';

// Read-patterns benchmark: patterns 1, 2, 3, 4, 7, 8, 9 through the gateway at each database size. See HELP.

/** Its own ports and folder: the checkout suite (3300/54340) or someone's npm start may be running meanwhile. */
const OWN_PLATFORM = { bus: 'postgres', port: 3600, pgPort: 54360, dataDir: '.data/bench-reads' } as const;

type Measured = SizeResult & {
  growth?: Growth;
  drawn: Record<string, number>;
  backgroundCpuPercent?: number;
  loadAverage: { before: number[]; after: number[] };
};

/** Background CPU (others' work) above which the figures are flagged as pessimistic. */
const BUSY_PERCENT = 25;

async function measureSize(platform: BenchPlatform, options: ReadsBenchOptions, target: number | undefined): Promise<Measured> {
  const label = target === undefined ? 'attached' : sizeLabel(target);
  const growth = target === undefined ? undefined : await growTo(platform.adminUrl, target, (line) => process.stderr.write(`seed ${label}: ${line}\n`));
  const orders = growth?.to ?? (await countOrders(platform.adminUrl));
  const drawing = progress(`samples ${label}`);
  drawing.update('drawing parameters from the data');
  const samples = await drawSamples(platform, (line) => console.error(`samples ${label}: ${line}`));
  drawing.done(
    Object.entries(samples.drawn)
      .map(([name, value]) => `${name} ${value}`)
      .join(', '),
  );
  // The machine is shared, and right after a seed our own platform is still busy (autovacuum and analyze of the
  // loaded tables, sweepers): wait up to a minute for it to settle, then record what is left as background.
  let backgroundCpu = await backgroundCpuPercent();
  for (const deadline = Date.now() + 60_000; backgroundCpu !== undefined && backgroundCpu > BUSY_PERCENT && Date.now() < deadline; ) {
    console.error(`cpu ${sizeLabel(orders)}: ${backgroundCpu}% busy; waiting for the machine to settle before measuring`);
    backgroundCpu = await backgroundCpuPercent();
  }
  if (backgroundCpu !== undefined) console.error(`cpu ${sizeLabel(orders)}: ${backgroundCpu}% busy before measuring (our platform idle)`);
  const before = loadavg().map((value) => Number(value.toFixed(2)));
  const results = [];
  for (const pattern of PATTERNS) {
    const requests = samples.requests[pattern.key];
    if (requests.length === 0) {
      console.error(`pattern ${pattern.pattern} ${pattern.name} at ${sizeLabel(orders)}: not measured, ${samples.skipped[pattern.key]}`);
      continue;
    }
    results.push(await measurePattern(platform, pattern, requests, { ...options, label: `${sizeLabel(orders)} p${pattern.pattern} ${pattern.name}` }));
  }
  const after = loadavg().map((value) => Number(value.toFixed(2)));
  return { orders, results, skipped: samples.skipped, growth, drawn: samples.drawn, backgroundCpuPercent: backgroundCpu, loadAverage: { before, after } };
}

function report(options: ReadsBenchOptions, sizes: Measured[]): void {
  const when = new Date().toISOString();
  const machine = { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) };
  const mode = options.url ? `attached to ${options.url}` : 'own platform, embedded Postgres';
  const targets = Object.fromEntries(
    PATTERNS.map((pattern) => [pattern.key, { pattern: pattern.pattern, endpoint: pattern.endpoint, role: pattern.role, p99Ms: pattern.targetP99Ms }]),
  );
  const growth = Object.fromEntries(PATTERNS.map((pattern) => [pattern.key, p99Growth(sizes, pattern.key) ?? null]));
  const result = { when, mode, machine, options: { ...options, help: undefined }, targets, sizes, p99Growth: growth };
  const load = sizes.map((size) => `${sizeLabel(size.orders)} ${size.loadAverage.before[0]}->${size.loadAverage.after[0]}`).join(', ');
  const background = sizes.map((size) => `${sizeLabel(size.orders)} ${size.backgroundCpuPercent ?? '?'}%`).join(', ');
  const busy = sizes.some((size) => (size.backgroundCpuPercent ?? 0) > BUSY_PERCENT);
  const markdown = [
    `### Read patterns ${when} (${mode}, ${machine.cores} cores)`,
    '',
    `Through the gateway, ${options.concurrency} closed-loop clients, ${options.seconds} s per pattern and size; CPU busy with other work just before ` +
      `measuring ${background}; load average ${load}.`,
    ...(busy
      ? [
          '',
          `**Other work competed for the CPU** (over ${BUSY_PERCENT}% busy before measuring): latencies are pessimistic and the ratio between sizes is noisy.`,
        ]
      : []),
    '',
    resultTable(sizes),
  ].join('\n');
  const stamp = `${when.replace(/[:.]/g, '-')}-reads`;
  const bars = (value: (result: Measured['results'][number]) => number, unit: string, withTarget: boolean) =>
    PATTERNS.flatMap((pattern) =>
      sizes.flatMap((size) => {
        const measured = size.results.find((entry) => entry.key === pattern.key);
        return measured
          ? [
              {
                label: `p${pattern.pattern} ${pattern.key} ${sizeLabel(size.orders)}`,
                value: value(measured),
                target: withTarget ? pattern.targetP99Ms : undefined,
                unit,
              },
            ]
          : [];
      }),
    );
  const text = writeReport(stamp, result, markdown, {
    p99: barChart(
      'p99 latency per read pattern (red: target)',
      bars((measured) => measured.ms.p99, 'ms', true),
    ),
    throughput: barChart(
      'Requests per second per read pattern',
      bars((measured) => measured.perSecond, '/s', false),
    ),
  });
  console.log(`\n${text}`);
  console.log(`results: bench/results/${stamp}.{json,md}`);
  if (options.readme) updateReadme(`${markdown}\n\nFull results: \`bench/results/${stamp}.md\`.`, 'bench-reads');
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const platform = options.url ? attachPlatform(options.url) : await launchPlatform(OWN_PLATFORM);
  const sizes: Measured[] = [];
  let failed = false;
  try {
    console.error(`bench reads: platform at ${platform.gateway}${options.url ? ' (attached, measuring the data already there)' : ''}`);
    for (const target of options.url ? [undefined] : options.sizes) sizes.push(await measureSize(platform, options, target));
  } catch (error) {
    // Minutes of seeding went into the sizes already measured: report them before failing.
    console.error(`bench reads: ${(error as Error).message}`);
    failed = true;
  } finally {
    await platform.stop();
  }
  if (sizes.length > 0) report(options, sizes);
  return failed || sizes.some((size) => size.results.some((result) => result.errors > 0)) ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`bench reads: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
