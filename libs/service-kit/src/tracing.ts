import { Context, Span, SpanKind, SpanStatusCode, TraceFlags, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
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
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined);
  const processors: SpanProcessor[] = endpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), { scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 1000), maxExportBatchSize: 512 })]
    : [];
  provider = new BasicTracerProvider({ spanProcessors: processors, resource: undefined });
  exporting = endpoint !== undefined;
}

/** Flushes spans not yet exported (on shutdown). */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

function tracer() {
  return provider!.getTracer(serviceName);
}

/** The parent context a W3C traceparent names, or the root when it is missing or malformed. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true });
}

export function traceparentOf(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-0${context.traceFlags & TraceFlags.SAMPLED}`;
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
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return `00-${randomHex(16)}-${randomHex(8)}-01`;
  return `00-${match[1]}-${randomHex(8)}-0${parseInt(match[3], 16) & TraceFlags.SAMPLED}`;
}

/** A span whose parent is the given traceparent (a new trace without one), tagged with this service's name. */
export function startSpan(name: string, kind: SpanKind, traceparent: string | undefined, attributes: Record<string, string | number | boolean> = {}): Span {
  if (!provider) initTracing(serviceName);
  if (!exporting) return unrecordedSpan(traceparent);
  return tracer().startSpan(name, { kind, attributes: { 'service.name': serviceName, ...attributes } }, contextFromTraceparent(traceparent));
}

/** A span that records nothing: a new span id in the parent's trace (sampled like it), or in a new sampled trace. */
export function unrecordedSpan(traceparent: string | undefined): Span {
  const parent = trace.getSpanContext(contextFromTraceparent(traceparent));
  return trace.wrapSpanContext({
    traceId: parent?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    traceFlags: parent ? parent.traceFlags : TraceFlags.SAMPLED,
  });
}

export function endSpan(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

export { SpanKind };
