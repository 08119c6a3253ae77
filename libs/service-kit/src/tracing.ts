import { ConfigError, envReader } from '@shop/config';
import { Context, Span, SpanKind, SpanStatusCode, TraceFlags, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { randomHex } from './random-ids';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

let provider: BasicTracerProvider | undefined;
let serviceName = 'unknown';
let exporting = false;

/**
 * Tracing for one process. Spans are recorded and exported only when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (or
 * ..._ENDPOINT) is set: the OTLP exporter is off by default. Without it, every span is still a fresh span id in
 * its parent's trace (so `traceparent` on requests and envelopes links hops the same way), but nothing is
 * recorded: building SDK spans nobody exports cost about 5% of a consumer's CPU, one per event per group.
 */
export function initTracing(name: string, env: Record<string, string | undefined> = process.env): void {
  serviceName = name;
  const exported = tracingExport(env);
  const processors: SpanProcessor[] = exported
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: exported.url }), { scheduledDelayMillis: exported.scheduleDelayMs, maxExportBatchSize: 512 })]
    : [];
  // service.name: without it every process exported as "unknown_service:node", one service in a trace viewer.
  provider = new BasicTracerProvider({ spanProcessors: processors, resource: resourceFromAttributes({ 'service.name': name }) });
  exporting = exported !== undefined;
}

/** Where spans are exported and how often (OTEL_* variables); undefined when no endpoint is set. */
export function tracingExport(env: Record<string, string | undefined> = process.env): { url: string; scheduleDelayMs: number } | undefined {
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined);
  if (endpoint === undefined) return undefined;
  // The exporter throws on a URL it cannot parse, in every service at start-up (a crash loop that never names the
  // variable); `collector:4318` parses as a URL of scheme "collector:" and exports nowhere.
  if (!/^https?:\/\/[^/]/.test(endpoint) || !URL.canParse(endpoint))
    throw new ConfigError(variable, `must be an http:// or https:// URL such as http://127.0.0.1:4318, got "${env[variable]}"`);
  return { url: endpoint, scheduleDelayMs: envReader(env).int('OTEL_BSP_SCHEDULE_DELAY', 1000, { min: 1, max: 600_000 }) };
}

/** Flushes spans not yet exported (on shutdown). */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

function tracer() {
  return provider!.getTracer(serviceName);
}

type SpanIds = { traceId: string; spanId: string; traceFlags: number };

/** The trace, span and sampled flag a W3C traceparent names; undefined when it is missing or malformed. */
function parentOf(traceparent: string | undefined): SpanIds | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED };
}

/** A new span's ids: in the parent's trace and sampled like it, or in a new sampled trace without a valid parent. */
function childOf(traceparent: string | undefined): SpanIds {
  const parent = parentOf(traceparent);
  return { traceId: parent?.traceId ?? randomHex(16), spanId: randomHex(8), traceFlags: parent ? parent.traceFlags : TraceFlags.SAMPLED };
}

function formatTraceparent(ids: SpanIds): string {
  return `00-${ids.traceId}-${ids.spanId}-0${ids.traceFlags & TraceFlags.SAMPLED}`;
}

/** The parent context a W3C traceparent names, or the root when it is missing or malformed. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const parent = parentOf(traceparent);
  return parent ? trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true }) : ROOT_CONTEXT;
}

export function traceparentOf(span: Span): string {
  return formatTraceparent(span.spanContext());
}

/** Whether spans are recorded (an exporter is set); without one a caller need not build a span's name and attributes. */
export function tracingRecords(): boolean {
  if (!provider) initTracing(serviceName);
  return exporting;
}

/**
 * The traceparent of a new span in the given parent's trace (sampled like it), or of a new sampled trace without a
 * valid parent: what traceparentOf(unrecordedSpan(traceparent)) gives, without building the span and its
 * context (a request's worth of objects the gateway made on every read).
 */
export function childTraceparentOf(traceparent: string | undefined): string {
  return formatTraceparent(childOf(traceparent));
}

/** A span whose parent is the given traceparent (a new trace without one), tagged with this service's name. */
export function startSpan(name: string, kind: SpanKind, traceparent: string | undefined, attributes: Record<string, string | number | boolean> = {}): Span {
  if (!tracingRecords()) return unrecordedSpan(traceparent);
  return tracer().startSpan(name, { kind, attributes: { 'service.name': serviceName, ...attributes } }, contextFromTraceparent(traceparent));
}

/** A span that records nothing: a new span id in the parent's trace (sampled like it), or in a new sampled trace. */
export function unrecordedSpan(traceparent: string | undefined): Span {
  return trace.wrapSpanContext(childOf(traceparent));
}

export function endSpan(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

export { SpanKind };
