import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, with the default process metrics and the HTTP latency histogram. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

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
  help: 'Time from an event being committed to its handler finishing, by event type',
  labelNames: ['type'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

export const reservationExpiries = new Counter({
  name: 'reservation_expiries_total',
  help: 'Reservations that lapsed: orders cancelled at their saga deadline (orders) or stock released by the expiry safety net (inventory)',
  labelNames: ['source'],
  registers: [metricsRegistry],
});
