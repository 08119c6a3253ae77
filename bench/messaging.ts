import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BenchDatabase, BenchDatabases, benchDatabases } from './lib/messaging/database';
import { BusUnderTest, busUnderTest } from './lib/messaging/bus-under-test';
import { LatencyRecorder, PhaseResult } from './lib/messaging/latency';
import { BenchMode, HELP, MessagingBenchOptions, parseOptions } from './lib/messaging/options';
import { produceOnWorker } from './lib/messaging/producer-worker';
import { ModeResult, TARGETS, resultTable, verdict } from './lib/messaging/verdict';
import { progress } from './lib/progress';

// Messaging benchmark: events/s and commit-to-handler latency of the bus per mode. See HELP for what is measured.

const WARM_UP_EVENTS = 2_000;

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

async function runPhase(phase: Phase, db: BenchDatabase, options: MessagingBenchOptions, recorder: LatencyRecorder): Promise<PhaseResult & { eventLoopDelayMs: object }> {
  const line = progress(phase.label);
  const ticker = setInterval(() => line.update(`committed ${recorder.committedCount}/${phase.total}, handled ${recorder.handledCount}`), 500);
  // Stalls of the consumer's event loop (GC, other work) show up as latency; this says how much of it was ours.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let handlingFrom: number | undefined;
  try {
    if (phase.drain) await phase.drain.pause();
    const job = { url: db.producerUrl, total: phase.total, producers: options.producers, perTx: options.perTx, ratePerSecond: phase.ratePerSecond };
    await produceOnWorker(job, (ids, at) => recorder.committed(ids, at));
    if (phase.drain) {
      handlingFrom = Date.now();
      await phase.drain.resume();
    }
    await waitHandled(phase.label, recorder);
  } finally {
    clearInterval(ticker);
    loopDelay.disable();
  }
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
  const result = { ...recorder.result(handlingFrom), eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) } };
  line.done(`${result.events} events, ${result.eventsPerSecond} events/s handled` + (phase.drain ? ' (backlog drained)' : `, latency p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`));
  return result;
}

type ModeReport = ModeResult & { database: Record<string, string>; loadAverage: { before: number[]; after: number[] } };

async function benchMode(mode: BenchMode, options: MessagingBenchOptions, databases: BenchDatabases): Promise<ModeReport> {
  // The machine is shared: the load average says how much of it the run really had.
  const before = loadavg().map((value) => Number(value.toFixed(2)));
  const db = await databases.open();
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
    const after = loadavg().map((value) => Number(value.toFixed(2)));
    return { mode, drain, throughput, latency: { ...latency, offeredPerSecond: options.rate }, database: db.settings, loadAverage: { before, after } };
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
  const results: ModeReport[] = [];
  const failed: { mode: BenchMode; error: string }[] = [];
  try {
    for (const mode of options.modes) {
      // One mode failing (a broker restarting under us) must not throw away the others' measurements.
      try {
        results.push(await benchMode(mode, options, databases));
      } catch (error) {
        console.error(`${mode}: failed: ${(error as Error).message}`);
        failed.push({ mode, error: (error as Error).message });
      }
    }
  } finally {
    await databases.stop();
  }
  const when = new Date().toISOString();
  const report = {
    when, machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    options: { ...options, help: undefined }, targets: TARGETS,
    results: results.map((result) => ({ ...result, verdict: verdict(result) })),
    failed,
  };
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `messaging-${when.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  const load = results.map((result) => `${result.mode} ${result.loadAverage.before[0]}->${result.loadAverage.after[0]}`).join(', ');
  console.log(`\nmessaging benchmark (${report.machine.cores} cores, load average ${load}; ${options.producers} producers x ${options.perTx} events/tx; database ${JSON.stringify(results[0]?.database ?? {})})\n`);
  console.log(resultTable(results));
  for (const failure of failed) console.log(`${failure.mode}: FAILED: ${failure.error}`);
  console.log(`\nresults: ${file}`);
  return failed.length > 0 ? 1 : 0;
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
