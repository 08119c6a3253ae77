import { EVENT_LOOP_SAMPLE_MS, collectProcessMetrics, metricsRegistry } from './metrics';

// The module object prom-client calls into (a namespace import would be a copy the spy cannot reach).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const perfHooks: typeof import('node:perf_hooks') = require('node:perf_hooks');

const PROCESS_METRICS = ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes'];

describe('process metrics', () => {
  it.each(PROCESS_METRICS)('%s is not sampled by importing the library (tools import it for helpers)', (name) => {
    expect(metricsRegistry.getSingleMetric(name)).toBeUndefined();
  });

  it('start once per process however often a service asks, sampling the event loop every EVENT_LOOP_SAMPLE_MS', async () => {
    const monitor = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    collectProcessMetrics();
    collectProcessMetrics();
    expect(monitor).toHaveBeenCalledTimes(1);
    expect(monitor).toHaveBeenCalledWith({ resolution: EVENT_LOOP_SAMPLE_MS });
    expect(EVENT_LOOP_SAMPLE_MS).toBeGreaterThan(10); // prom-client's default wakes every process 100 times a second
    const text = await metricsRegistry.metrics();
    for (const name of PROCESS_METRICS) expect(text).toContain(`# TYPE ${name} `);
  });
});
