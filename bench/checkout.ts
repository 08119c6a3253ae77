import type { BenchPlatform } from './lib/platform';
import { Fixtures, placeOrder } from './lib/fixtures';
import { closedLoop, openLoop } from './lib/load';
import { confirmations, stageSamples, waitForQuiet, waitForSettled } from './lib/observe';
import { SagaStage, sagaStages } from './lib/saga-stages';
import { progress } from './lib/progress';
import { measureCoresBusy } from './lib/cores-busy';
import { round, summary } from './lib/stats';

export interface CheckoutResult {
  maxConfirmedPerSecond: number;
  warmupOrders: number;
  concurrency: number;
  orders: number;
  errors: number;
  postMs: ReturnType<typeof summary>;
  /** This machine's cores busy during the maximum-rate loop, in percent (undefined off Linux). */
  maxRateCoresBusyPercent: number | undefined;
  latencyAtRate: { percentOfMax: number; rate: number; orders: number; confirmedMs: ReturnType<typeof summary>; stages: SagaStage[]; coresBusyPercent: number | undefined }[];
}

async function placeMany(platform: BenchPlatform, fixtures: Fixtures, ids: string[], postMs: number[], errors: { n: number }, index: number) {
  const response = await placeOrder(platform, fixtures, index).catch(() => undefined);
  if (response?.status === 202) {
    ids.push(response.body.id);
    postMs.push(response.ms);
  } else errors.n++;
}

/**
 * End-to-end checkout: a closed loop warms the platform up (not counted: a cold start's first seconds are JIT
 * compilation and filling pools, and the raw limit it is compared with is the best of three warm runs), another
 * finds the maximum rate of orders reaching CONFIRMED, then open loops at fixed fractions of it measure
 * POST-to-CONFIRMED latency, and when each saga stage was reached (the hops between them). Each open loop starts
 * once every consumer group has caught up: right after the maximum-rate phase the projections still work through
 * thousands of events, and the first phase would measure that tail rather than its own rate.
 */
export async function benchCheckout(platform: BenchPlatform, fixtures: Fixtures, options: { concurrency: number; seconds: number; warmupSeconds: number; fractions: number[] }): Promise<CheckoutResult> {
  const line = progress('checkout');
  const warmup: string[] = [];
  await closedLoop(options.concurrency, options.warmupSeconds * 1000, (index) => placeMany(platform, fixtures, warmup, [], { n: 0 }, index), (done) =>
    line.update(`warm-up: ${done} orders posted`));
  await waitForSettled(platform.adminUrl, warmup, 60_000);
  const ids: string[] = [];
  const postMs: number[] = [];
  const errors = { n: 0 };
  const { coresBusyPercent: maxRateCoresBusyPercent } = await measureCoresBusy(() =>
    closedLoop(options.concurrency, options.seconds * 1000, (index) => placeMany(platform, fixtures, ids, postMs, errors, index), (done) =>
      line.update(`max-rate phase: ${done} orders posted`)));
  const pending = await waitForSettled(platform.adminUrl, ids, 60_000);
  const max = await confirmations(platform.adminUrl, ids);
  const windowSeconds = max.firstPlaced && max.lastConfirmed ? (max.lastConfirmed.getTime() - max.firstPlaced.getTime()) / 1000 : options.seconds;
  const maxConfirmedPerSecond = round(max.confirmed / windowSeconds);
  line.done(`max rate ${maxConfirmedPerSecond} confirmed/s (${max.confirmed} of ${ids.length} orders, ${errors.n} errors, ${pending} still pending)`);

  const latencyAtRate: CheckoutResult['latencyAtRate'] = [];
  for (const fraction of options.fractions) {
    const rate = Math.max(1, Math.round(maxConfirmedPerSecond * fraction));
    const phaseIds: string[] = [];
    const phaseLine = progress(`checkout @${Math.round(fraction * 100)}%`);
    phaseLine.update('waiting for every consumer group to catch up');
    const backlog = await waitForQuiet(platform, 60_000);
    if (backlog > 0) phaseLine.update(`${backlog} events still unread after 60 s; starting anyway`);
    const { coresBusyPercent } = await measureCoresBusy(() =>
      openLoop(rate, options.seconds * 1000, (index) => placeMany(platform, fixtures, phaseIds, [], errors, index), (started) => phaseLine.update(`${started} orders at ${rate}/s`)));
    await waitForSettled(platform.adminUrl, phaseIds, 60_000);
    const observed = await confirmations(platform.adminUrl, phaseIds);
    const confirmedMs = summary(observed.latenciesMs);
    const stages = sagaStages(await stageSamples(platform.adminUrl, phaseIds));
    latencyAtRate.push({ percentOfMax: Math.round(fraction * 100), rate, orders: phaseIds.length, confirmedMs, stages, coresBusyPercent });
    phaseLine.done(`${rate}/s: POST-to-CONFIRMED p50 ${confirmedMs.p50} ms, p99 ${confirmedMs.p99} ms (${observed.confirmed}/${phaseIds.length} confirmed${coresBusyPercent === undefined ? '' : `, cores ${coresBusyPercent}% busy`})`);
  }
  return { maxConfirmedPerSecond, warmupOrders: warmup.length, concurrency: options.concurrency, orders: ids.length, errors: errors.n, postMs: summary(postMs), maxRateCoresBusyPercent, latencyAtRate };
}
