import { childTraceparentOf, traceparentOf, tracingExport, unrecordedSpan } from './tracing';

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0([01])$/;

const parents = [
  { name: 'continues a sampled parent', parent: `00-${PARENT_TRACE}-00f067aa0ba902b7-01`, trace: PARENT_TRACE, sampled: '1' },
  { name: 'keeps an unsampled parent unsampled', parent: `00-${PARENT_TRACE}-00f067aa0ba902b7-00`, trace: PARENT_TRACE, sampled: '0' },
  { name: 'keeps only the sampled flag of other flags', parent: `00-${PARENT_TRACE}-00f067aa0ba902b7-03`, trace: PARENT_TRACE, sampled: '1' },
  { name: 'continues a parent with surrounding spaces', parent: ` 00-${PARENT_TRACE}-00f067aa0ba902b7-01 `, trace: PARENT_TRACE, sampled: '1' },
  { name: 'starts a sampled trace without a parent', parent: undefined, trace: undefined, sampled: '1' },
  { name: 'starts a sampled trace for a malformed parent', parent: '00-zz-yy-01', trace: undefined, sampled: '1' },
  { name: 'starts a sampled trace for an all-zero trace id', parent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, trace: undefined, sampled: '1' },
  { name: 'starts a sampled trace for an all-zero parent span id', parent: `00-${PARENT_TRACE}-${'0'.repeat(16)}-00`, trace: undefined, sampled: '1' },
];

describe.each([
  ['unrecordedSpan (tracing without an exporter)', (parent: string | undefined) => traceparentOf(unrecordedSpan(parent))],
  ['childTraceparentOf (the same, without building the span)', childTraceparentOf],
])('%s', (_name, child) => {
  it.each(parents)('$name, with a span id of its own', ({ parent, trace, sampled }) => {
    const first = TRACEPARENT.exec(child(parent))!;
    const second = TRACEPARENT.exec(child(parent))!;
    expect(first).not.toBeNull();
    if (trace) expect(first[1]).toBe(trace);
    else expect(first[1]).not.toBe(second[1]);
    expect(first[2]).not.toBe('00f067aa0ba902b7');
    expect(first[2]).not.toBe(second[2]);
    expect(first[3]).toBe(sampled);
  });
});

describe('unrecordedSpan', () => {
  it('records nothing: ending it and setting attributes are harmless', () => {
    const span = unrecordedSpan(undefined);
    span.setAttribute('http.route', '/x');
    span.end();
    expect(span.isRecording()).toBe(false);
  });
});

describe('tracingExport', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' }, 'http://127.0.0.1:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/otlp/traces' }, 'https://collector.example/otlp/traces'],
  ])('%j exports to %s', (env, url) => {
    expect(tracingExport(env)?.url).toBe(url);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'notaurl' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be an http:\/\/ or https:\/\/ URL .*got "notaurl"/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/traces' }, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://' }, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => tracingExport(env)).toThrow(message);
  });
});
