import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { SkuChangedV1Contract, newEvent } from '@shop/contracts';
import { BenchDatabase, BenchDatabases, benchDatabases } from './lib/messaging/database';
import { BusUnderTest, busUnderTest } from './lib/messaging/bus-under-test';
import { LatencyRecorder, PhaseResult } from './lib/messaging/latency';
import { BenchMode, HELP, MessagingBenchOptions, parseOptions } from './lib/messaging/options';
import { produce } from './lib/messaging/producers';
import { ModeResult, TARGETS, resultTable, verdict } from './lib/messaging/verdict';
import { progress } from './lib/progress';

// Messaging benchmark: events/s and commit-to-handler latency of the bus per mode. See HELP for what is measured.

const WARM_UP_EVENTS = 2_000;
const AGGREGATES = 1_000;

function eventFactory(): (count: number) => ReturnType<typeof newEvent>[] {
  const base = BigInt(1 + Math.floor(Math.random() * 1e9)) * 10_000n;
  return (count) => {
    // One transaction = one aggregate's state change, emitting `count` events, as the services do.
    const skuId = String(base + BigInt(Math.floor(Math.random() * AGGREGATES)));
    return Array.from({ length: count }, () =>
      newEvent(SkuChangedV1Contract, skuId, { skuId, productId: '1', merchantId: '1', skuCode: `B-${skuId}`, name: 'bench', priceCents: 100, currency: 'EUR', version: 1 }, { correlationId: 'bench', causationId: 'bench' }),
    );
  };
}

/** Waits until the handler saw every committed event; fails if handling stalls for 60 s. */
async function waitHandled(label: string, recorder: LatencyRecorder): Promise<void> {
  let lastCount = -1;
  let lastProgress = Date.now();
  while (recorder.handledCount < recorder.committedCount) {
    if (recorder.handledCount !== lastCount) [lastCount, lastProgress] = [recorder.handledCount, Date.now()];
    if (Date.now() - lastProgress > 60_000) throw new Error(`${label}: handling stalled at ${lastCount}/${recorder.committedCount} events`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

interface Phase {
  label: string;
  total: number;
  ratePerSecond?: number;
  /** Drain: the bus is paused while producing, and the rate counts from its resumption. */
  drain?: BusUnderTest;
}

async function runPhase(phase: Phase, db: BenchDatabase, options: MessagingBenchOptions, recorder: LatencyRecorder): Promise<PhaseResult> {
  const line = progress(phase.label);
  const ticker = setInterval(() => line.update(`committed ${recorder.committedCount}/${phase.total}, handled ${recorder.handledCount}`), 500);
  let handlingFrom: number | undefined;
  try {
    if (phase.drain) await phase.drain.pause();
    await produce(db.producers, {
      total: phase.total, producers: options.producers, perTx: options.perTx, ratePerSecond: phase.ratePerSecond, makeEvents: eventFactory(),
      onCommit: (ids, at) => recorder.committed(ids, at),
    });
    if (phase.drain) {
      handlingFrom = Date.now();
      await phase.drain.resume();
    }
    await waitHandled(phase.label, recorder);
  } finally {
    clearInterval(ticker);
  }
  const result = recorder.result(handlingFrom);
  line.done(`${result.events} events, ${result.eventsPerSecond} events/s handled` + (phase.drain ? ' (backlog drained)' : `, latency p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`));
  return result;
}

async function benchMode(mode: BenchMode, options: MessagingBenchOptions, databases: BenchDatabases): Promise<ModeResult & { database: Record<string, string> }> {
  const db = await databases.open(options.producers);
  const bus = busUnderTest(mode, db, { batchSize: options.batchSize, pollMs: options.pollMs });
  let recorder = new LatencyRecorder();
  const phase = async (spec: Phase) => runPhase(spec, db, options, (recorder = new LatencyRecorder()));
  try {
    console.error(`${mode}: starting the bus`);
    await bus.start((eventId) => recorder.handled(eventId, Date.now()));
    await phase({ label: `${mode} warm-up`, total: WARM_UP_EVENTS });
    const drain = mode === 'debezium' ? undefined : await phase({ label: `${mode} drain (${options.events} events backlog)`, total: options.events, drain: bus });
    const throughput = await phase({ label: `${mode} throughput (producers flat out)`, total: options.events });
    const latency = await phase({ label: `${mode} latency (${options.rate} events/s offered)`, total: Math.round(options.rate * options.seconds), ratePerSecond: options.rate });
    return { mode, drain, throughput, latency: { ...latency, offeredPerSecond: options.rate }, database: db.settings };
  } finally {
    await bus.stop();
    await db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, process.env);
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const databases = await benchDatabases((line) => console.error(`[postgres] ${line}`));
  const results: (ModeResult & { database: Record<string, string> })[] = [];
  try {
    for (const mode of options.modes) results.push(await benchMode(mode, options, databases));
  } finally {
    await databases.stop();
  }
  const when = new Date().toISOString();
  const report = {
    when, machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    options: { ...options, help: undefined }, targets: TARGETS,
    results: results.map((result) => ({ ...result, verdict: verdict(result) })),
  };
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `messaging-${when.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nmessaging benchmark (${report.machine.cores} cores, ${options.producers} producers x ${options.perTx} events/tx, database ${JSON.stringify(results[0]?.database ?? {})})\n`);
  console.log(resultTable(results));
  console.log(`\nresults: ${file}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`bench messaging: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
