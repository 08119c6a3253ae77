import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '@shop/config';
import { benchCheckout } from './checkout';
import { benchFlashSale } from './flash-sale';
import { createFixtures } from './lib/fixtures';
import { BenchPlatform, attachPlatform, launchPlatform } from './lib/platform';
import { residentMemoryMb, sampleLag, waitForQuiet } from './lib/observe';
import { machineSpeedRow, measureMachine } from './lib/machine';
import { coresBusyCell } from './lib/cores-busy';
import { stagesCell } from './lib/saga-stages';
import { checkoutVerdicts, metCell, verdictLine } from './lib/targets';
import { barChart, updateReadme, writeReport } from './lib/report';
import { benchOrderDetail } from './order-reads';
import { benchRawLimit } from './raw-limit';
import { CheckoutBenchOptions, checkoutBenchOptions } from './lib/checkout-options';
import { usageOrExit } from '../tools/cli/usage-error';

const HELP = `usage: npm run bench [-- <suite>] [--url http://127.0.0.1:3000] [--mode postgres|kafka] [--seconds N] [--warmup N] [--clients N] [--no-readme]

Suites:
  checkout   (default) end-to-end checkout throughput; POST-to-CONFIRMED latency, and when each saga stage was
             reached, at 10/50/70% of the maximum rate (10%: the latency of a lightly loaded platform); a flash sale
             on one SKU, order detail reads, event lag, resident memory of each service, and the
             raw limit of the same Postgres server measured with pgbench (monolithic checkout, order point read; best of 3),
             reported as ratios
  messaging  bus throughput and commit-to-handler latency per mode (bench/messaging.ts)
  reads      read patterns 1, 2, 3, 4, 7, 8, 9 through the gateway at 10k and 1M orders, p99 against targets
             and the 1M/10k p99 ratio (bench/reads.ts; npm run bench -- reads --help)

--seconds is each load phase's length (default 20); --warmup the uncounted closed loop before the maximum-rate
phase (default 10 s); --clients the closed loops' concurrent storefront clients (default 96: at 48 too few orders
were in flight to fill the consumers' batches, each order cost more CPU and the rate was 10-15% lower; from
about 96 it levels off).

Each run also records the machine's speed at its start and its end (a fixed CPU loop and a SELECT 1 round trip):
this VM's speed wanders, and two runs' figures compare only at a similar speed.

Starts its own platform (fresh data in .data/bench-<mode>, durability on) unless --url attaches to one started
with npm start. --mode kafka uses the broker at KAFKA_BROKERS, default 127.0.0.1:9092 (npm run kafka:up starts
one there). Results: bench/results/<timestamp>.json, <timestamp>.md and <timestamp>-{throughput,latency,memory}.svg;
the README's performance section is updated unless --no-readme.`;

function delegate(script: string): void {
  const path = join(repoRoot(), 'dist/bench', script);
  if (!existsSync(path)) throw new Error(`${script} is not built`);
  const result = spawnSync(process.execPath, [path, ...process.argv.slice(3)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

async function checkoutSuite(options: CheckoutBenchOptions): Promise<void> {
  const { url, mode, seconds, warmupSeconds, clients } = options;
  const platform: BenchPlatform = url ? attachPlatform(url) : await launchPlatform({ bus: mode, env: mode === 'kafka' ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' } : {} });
  try {
    // The raw limit first, on the same server while the platform is idle: measured after the load phases it
    // competed with the consumers still catching up, which halved it and flattered the ratios.
    const raw = await benchRawLimit(platform.adminUrl, { clients: 8, seconds: Math.min(seconds, 15) });
    // After the raw limit, not before it: a platform just started is still busy joining groups and compiling.
    const speedAtStart = await measureMachine(platform.adminUrl);
    console.error(`bench: platform at ${platform.gateway} (${mode}); creating fixtures`);
    const fixtures = await createFixtures(platform, { customers: 200, skus: 50, stock: 10_000_000 });
    const lag = sampleLag(platform);
    const checkout = await benchCheckout(platform, fixtures, { concurrency: clients, seconds, warmupSeconds, fractions: [0.1, 0.5, 0.7] });
    const hot = await createFixtures(platform, { customers: 0, skus: 1, stock: 3_000 }).then((extra) => extra.skuIds[0]);
    const flashSale = await benchFlashSale(platform, fixtures, { buyers: 500, stock: 3_000, skuId: hot, maxSeconds: 60 });
    const backlog = await waitForQuiet(platform, 60_000);
    if (backlog > 0) console.error(`bench: ${backlog} events still unread after 60 s; reading order detail anyway`);
    const { firstReads: orderDetailFirstReads, reads: orderDetail } = await benchOrderDetail(platform, fixtures, Math.min(seconds, 15));
    const maxLag = lag.stop();
    const memoryMb = residentMemoryMb(platform);
    const speedAtEnd = await measureMachine(platform.adminUrl);
    const at70 = checkout.latencyAtRate.find((entry) => entry.percentOfMax === 70);
    const verdicts = checkoutVerdicts({
      confirmedPerSecond: checkout.maxConfirmedPerSecond, rawCheckoutTps: raw.checkoutTps, at70: at70?.confirmedMs,
      orderDetailPerSecond: orderDetail.perSecond, orderDetailP99Ms: orderDetail.ms.p99, rawPointReadTps: raw.pointReadTps,
      flashSalePerSecond: flashSale.reservationsPerSecond, oversold: flashSale.oversold, memoryMb,
    });
    const result = {
      when: new Date().toISOString(), mode, machine: { cores: require('node:os').cpus().length, memoryGb: Math.round(require('node:os').totalmem() / 2 ** 30), speedAtStart, speedAtEnd },
      raw, checkout, flashSale, orderDetail, orderDetailFirstReads, maxLag, memoryMb, targets: verdicts,
      ratios: {
        checkoutVsRaw: Number((checkout.maxConfirmedPerSecond / raw.checkoutTps).toFixed(3)),
        orderDetailVsRawPointRead: Number((orderDetail.perSecond / raw.pointReadTps).toFixed(3)),
      },
    };
    const [throughputMet, latencyMet, orderDetailMet, flashSaleMet, memoryMet] = verdicts.map((verdict) => metCell(verdict.met));
    const rows = [
      ['checkout: orders CONFIRMED per second', `${checkout.maxConfirmedPerSecond}`, `>= ${Math.round(raw.checkoutTps / 3)} (raw ${raw.checkoutTps} TPS / 3; best of ${raw.checkoutSamples.join(', ')})`, throughputMet],
      ['checkout vs raw monolithic TPS', `${result.ratios.checkoutVsRaw}`, '>= 0.333', throughputMet],
      ['POST-to-CONFIRMED p50 / p99 at 70% of max', at70 ? `${at70.confirmedMs.p50} / ${at70.confirmedMs.p99} ms` : 'n/a', '< 30 / < 150 ms', latencyMet],
      ...checkout.latencyAtRate.map((entry) => [`POST-to-CONFIRMED p50 / p99 at ${entry.percentOfMax}% (${entry.rate}/s)`, `${entry.confirmedMs.p50} / ${entry.confirmedMs.p99} ms`, '', '']),
      ...checkout.latencyAtRate.map((entry) => [`saga stages at ${entry.percentOfMax}%, p50 ms after the POST`, stagesCell(entry.stages), '', '']),
      ['cores busy during each checkout phase (this machine, load generator included)', coresBusyCell(checkout.maxRateCoresBusyPercent, checkout.latencyAtRate), '', ''],
      ['order detail through the gateway', `${orderDetail.perSecond}/s, p99 ${orderDetail.ms.p99} ms`, `>= ${Math.round(raw.pointReadTps / 4)}/s (25% of raw ${raw.pointReadTps}; best of ${raw.pointReadSamples.join(', ')}), p99 < 10 ms`, orderDetailMet],
      ['order detail vs raw point read', `${result.ratios.orderDetailVsRawPointRead}`, '>= 0.25', orderDetailMet],
      ['order detail, first read of each order (from the services)', `${orderDetailFirstReads.perSecond}/s, p99 ${orderDetailFirstReads.ms.p99} ms`, '', ''],
      ['flash sale: reservations/s on one SKU (queued burst released)', `${flashSale.reservationsPerSecond} (${flashSale.reserved} reserved, ${flashSale.rejected} rejected)`, '>= 2000', flashSaleMet],
      ['flash sale: burst accepted by the front door', `${flashSale.ordersPostedPerSecond} orders/s`, '', ''],
      ['flash sale: oversold units', `${flashSale.oversold}`, '0', flashSaleMet],
      ['max consumer lag (events)', Object.entries(maxLag).map(([name, value]) => `${name} ${value}`).join(', '), '', ''],
      ['resident memory (MB)', Object.entries(memoryMb).map(([name, value]) => `${name} ${value}`).join(', '), '< 200 each', memoryMet],
      [...machineSpeedRow(speedAtStart, speedAtEnd), ''],
    ];
    const markdown = [`### Benchmark ${result.when} (${mode} mode, ${result.machine.cores} cores)`, '', verdictLine(verdicts), '', '| measure | result | target | met? |', '|---|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
    const stamp = result.when.replace(/[:.]/g, '-');
    const text = writeReport(stamp, result, markdown, {
      throughput: barChart('Throughput', [
        { label: 'raw monolithic checkout', value: raw.checkoutTps, unit: 'TPS' },
        { label: 'saga checkout (confirmed/s)', value: checkout.maxConfirmedPerSecond, target: raw.checkoutTps / 3, unit: '/s' },
        { label: 'raw order point read', value: raw.pointReadTps, unit: 'TPS' },
        { label: 'order detail via gateway', value: orderDetail.perSecond, target: raw.pointReadTps / 4, unit: '/s' },
      ]),
      latency: barChart('POST-to-CONFIRMED latency', checkout.latencyAtRate.flatMap((entry) => [
        { label: `p50 at ${entry.percentOfMax}%`, value: entry.confirmedMs.p50, target: 30, unit: 'ms' },
        { label: `p99 at ${entry.percentOfMax}%`, value: entry.confirmedMs.p99, target: 150, unit: 'ms' },
      ])),
      memory: barChart('Resident memory', Object.entries(memoryMb).map(([label, value]) => ({ label, value, target: 200, unit: 'MB' }))),
    });
    console.log(`\n${text}`);
    if (options.readme) updateReadme(`${markdown}\n\nFull results: \`bench/results/${stamp}.md\`.`, mode === 'kafka' ? 'bench-kafka' : 'bench');
  } finally {
    await platform.stop();
  }
}

async function main(): Promise<void> {
  const suite = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'checkout';
  // Delegated suites answer --help themselves (their options differ).
  if (suite === 'messaging') return delegate('messaging.js');
  if (suite === 'reads') return delegate('reads.js');
  if (process.argv.includes('--help')) return console.log(HELP);
  await checkoutSuite(usageOrExit('bench', () => checkoutBenchOptions(process.argv.slice(2))));
}

main().catch((error) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
});
