import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@shop/service-kit';

/**
 * Calls to the internal services, by the service called (`upstream`: /metrics labels every sample with the
 * `service` that reports it, here the gateway) and outcome (HTTP status, `timeout` or `unreachable`).
 */
export const upstreamDuration = new Histogram({
  name: 'gateway_upstream_request_duration_seconds',
  help: 'Latency of calls from the gateway to the internal services, by service called (upstream) and outcome',
  labelNames: ['upstream', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Requests the gateway refused itself, before any service saw them. */
export const rejectedRequests = new Counter({
  name: 'gateway_rejected_requests_total',
  help: 'Requests refused by the gateway, by reason (rate_limited, unauthenticated, forbidden, card_number, validation, ...)',
  labelNames: ['reason'],
  registers: [metricsRegistry],
});

/** 1 when a service answered its readiness probe with 200 at the last /health or /metrics. */
export const upstreamUp = new Gauge({
  name: 'gateway_upstream_ready',
  help: 'Whether each internal service (upstream) was ready at the last probe (1) or not (0)',
  labelNames: ['upstream'],
  registers: [metricsRegistry],
});

interface OrderCacheView {
  counts: { hits: number; misses: number; invalidations: number };
  size: number;
  readsUnderWay: number;
  enabled: boolean;
}

let exposedCache: OrderCacheView | undefined;

/**
 * Order detail cache reads and invalidations since start, read from the cache's own counters at scrape time (no
 * work on the read path). Registered once per process; the metrics follow the latest cache (tests build several apps).
 */
export function exposeOrderCacheMetrics(cache: OrderCacheView): void {
  const first = exposedCache === undefined;
  exposedCache = cache;
  if (!first) return;
  new Counter({
    name: 'gateway_order_cache_events_total',
    help: 'Order detail cache: reads served from memory (hit), reads that went to the services while the cache was on (miss), and order ids invalidated',
    labelNames: ['event'],
    registers: [metricsRegistry],
    collect() {
      const counts = exposedCache!.counts;
      this.reset();
      this.inc({ event: 'hit' }, counts.hits);
      this.inc({ event: 'miss' }, counts.misses);
      this.inc({ event: 'invalidation' }, counts.invalidations);
    },
  });
  new Gauge({
    name: 'gateway_order_cache_entries',
    help: 'Order details in the cache; the cache is on only while the gateway listens for order changes',
    labelNames: ['state'],
    registers: [metricsRegistry],
    collect() {
      this.reset();
      this.set({ state: exposedCache!.enabled ? 'on' : 'off' }, exposedCache!.size);
    },
  });
  new Gauge({
    name: 'gateway_order_cache_reads_under_way',
    help: 'Order detail reads from the services whose result the cache may keep, begun and not yet ended (at most the entry limit)',
    registers: [metricsRegistry],
    collect() {
      this.set(exposedCache!.readsUnderWay);
    },
  });
}
