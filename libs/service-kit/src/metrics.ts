import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process: the process metrics once a service starts them, and the platform's own. */
export const metricsRegistry = new Registry();

/**
 * How often the event-loop lag histogram samples, in ms. prom-client's default of 10 ms is a timer that wakes each
 * process 100 times a second, busy or idle; on a small machine running five services that was most of an idle
 * platform's wake-ups. A tenth of a second still shows a stalled loop.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

let collectingProcessMetrics = false;

/**
 * Starts the default process metrics (CPU, memory, GC, event-loop lag) once per process. Services call it when they
 * start; tools that import this library for a helper (the supervisor, the bench, the seeder) start no sampler.
 */
export function collectProcessMetrics(): void {
  if (collectingProcessMetrics) return;
  collectingProcessMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
}

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const consumerLag = new Gauge({
  name: 'bus_consumer_lag_events',
  help: 'Events committed but not yet handled, per consumer group and source',
  labelNames: ['group', 'source'],
  registers: [metricsRegistry],
});

export const deadLetterDepth = new Gauge({
  name: 'bus_dead_letters',
  help: 'Dead letters not yet redriven, per consumer group',
  labelNames: ['group'],
  registers: [metricsRegistry],
});

export const eventsHandled = new Counter({
  name: 'bus_events_handled_total',
  help: 'Events handled, by group, type and outcome',
  labelNames: ['group', 'type', 'outcome'],
  registers: [metricsRegistry],
});

export const sagaStepDuration = new Histogram({
  name: 'saga_step_duration_seconds',
  help: 'Time from an event being committed to its handler finishing, by consumer group and event type',
  labelNames: ['group', 'type'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

export const reservationExpiries = new Counter({
  name: 'reservation_expiries_total',
  help: 'Reservations that lapsed: orders cancelled at their saga deadline (orders) or stock released by the expiry safety net (inventory)',
  labelNames: ['source'],
  registers: [metricsRegistry],
});

export const confirmedWithoutStock = new Counter({
  name: 'confirmed_orders_without_stock_total',
  help: 'Confirmed orders inventory found with no active reservation to pin (released as expired while inventory lagged): alert on any',
  registers: [metricsRegistry],
});

export const shippedAfterRelease = new Counter({
  name: 'shipped_orders_after_release_total',
  help: 'Orders shipped whose reservation had been released as expired: their units were taken off the count at shipping; alert on any',
  registers: [metricsRegistry],
});

export const providerTimeouts = new Counter({
  name: 'payment_provider_timeouts_total',
  help: 'Payment provider calls that did not answer within PROVIDER_TIMEOUT_MS, by call: their outcome is unknown until the reconciler asks by key',
  labelNames: ['call'],
  registers: [metricsRegistry],
});

export const refundsDeclined = new Counter({
  name: 'payment_refunds_declined_total',
  help: 'Refunds the payment provider declined: money a customer is owed and has not received; alert on any',
  registers: [metricsRegistry],
});
