import { mergeExpositions } from './metrics-exposition';

const GATEWAY = `# HELP process_cpu_seconds_total Total CPU.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 1.5

# HELP http_request_duration_seconds HTTP latency
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1",method="GET"} 3
http_request_duration_seconds_bucket{le="+Inf",method="GET"} 4
http_request_duration_seconds_sum{method="GET"} 0.2
http_request_duration_seconds_count{method="GET"} 4
`;

const ORDERS = `# HELP process_cpu_seconds_total Total CPU.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 9
# HELP bus_consumer_lag_events Lag
# TYPE bus_consumer_lag_events gauge
bus_consumer_lag_events{group="orders",source="inventory"} 0
`;

describe('mergeExpositions', () => {
  const merged = mergeExpositions([
    { service: 'gateway', text: GATEWAY },
    { service: 'orders', text: ORDERS },
  ]);
  const lines = merged.trimEnd().split('\n');

  it.each([
    ['process_cpu_seconds_total{service="gateway"} 1.5'],
    ['process_cpu_seconds_total{service="orders"} 9'],
    ['http_request_duration_seconds_bucket{service="gateway",le="0.1",method="GET"} 3'],
    ['http_request_duration_seconds_count{service="gateway",method="GET"} 4'],
    ['bus_consumer_lag_events{service="orders",group="orders",source="inventory"} 0'],
  ])('labels %s', (line) => {
    expect(lines).toContain(line);
  });

  // A repeated label name is an invalid sample, and Prometheus then refuses the whole scrape.
  it.each([
    ['a service label of its own', 'x_total{service="orders",outcome="202"} 8', 'x_total{service="gateway",exported_service="orders",outcome="202"} 8'],
    ['one that is not first', 'x_total{outcome="202",service="orders"} 8', 'x_total{service="gateway",outcome="202",exported_service="orders"} 8'],
    ['a label merely ending in service', 'x_total{upstream_service="orders"} 8', 'x_total{service="gateway",upstream_service="orders"} 8'],
  ])('keeps %s as exported_service', (_what, sample, expected) => {
    expect(mergeExpositions([{ service: 'gateway', text: `# TYPE x_total counter\n${sample}\n` }]).trimEnd().split('\n')).toContain(expected);
  });

  it('declares every family once, with its samples right after', () => {
    const types = lines.filter((line) => line.startsWith('# TYPE'));
    expect(types).toEqual([
      '# TYPE process_cpu_seconds_total counter',
      '# TYPE http_request_duration_seconds histogram',
      '# TYPE bus_consumer_lag_events gauge',
    ]);
    const cpu = lines.indexOf('# TYPE process_cpu_seconds_total counter');
    expect(lines.slice(cpu + 1, cpu + 3)).toEqual(['process_cpu_seconds_total{service="gateway"} 1.5', 'process_cpu_seconds_total{service="orders"} 9']);
  });

  it('ends with a newline and has no blank lines', () => {
    expect(merged.endsWith('\n')).toBe(true);
    expect(lines.every((line) => line.length > 0)).toBe(true);
  });

  it.each([
    [[], ''],
    [[{ service: 'x', text: '' }], ''],
    [[{ service: 'x', text: 'up 1\n' }], 'up{service="x"} 1\n'],
    [[{ service: 'a"b', text: 'up{} 1' }], 'up{service="a\\"b"} 1\n'],
  ])('%j -> %j', (sources, expected) => {
    expect(mergeExpositions(sources)).toBe(expected);
  });
});
