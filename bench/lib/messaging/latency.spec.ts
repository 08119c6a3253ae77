import { LatencyRecorder } from './latency';

describe('LatencyRecorder', () => {
  it('pairs commit and handle times by event id, whichever is recorded first', () => {
    const recorder = new LatencyRecorder();
    recorder.handled('b', 1_012); // the handler can see an event before its producer heard COMMIT's reply
    recorder.committed(['a', 'b'], 1_010);
    recorder.handled('a', 1_030);
    recorder.handled('a', 1_500); // a redelivery is not a second sample
    recorder.handled('foreign', 1_040); // not this run's event
    expect(recorder.handledCount).toBe(2);
    expect(recorder.result()).toEqual({ events: 2, eventsPerSecond: 100, producedPerSecond: 0, latencyMs: { count: 2, p50: 2, p99: 20, max: 20 } });
  });

  it('counts negative gaps as zero and rates from the given start', () => {
    const recorder = new LatencyRecorder();
    recorder.committed(['a'], 2_000);
    recorder.committed(['b'], 3_000);
    recorder.handled('a', 1_999);
    recorder.handled('b', 3_500);
    const result = recorder.result(3_000);
    expect(result.latencyMs).toEqual({ count: 2, p50: 0, p99: 500, max: 500 });
    expect(result.eventsPerSecond).toBe(4); // 2 events in the 0.5 s after 3_000
    expect(result.producedPerSecond).toBe(2); // 2 events committed over 1 s
  });

  it('reports nothing handled as zero rates', () => {
    const recorder = new LatencyRecorder();
    recorder.committed(['a'], 5);
    expect(recorder.result()).toMatchObject({ events: 1, eventsPerSecond: 0, latencyMs: { count: 0 } });
  });
});
