import { summary } from '../stats';

export interface PhaseResult {
  events: number;
  /** Events per second from the first commit to the last handled event (what the bus sustained end to end). */
  eventsPerSecond: number;
  /** Events per second the producers committed (the offered load actually achieved). */
  producedPerSecond: number;
  latencyMs: { count: number; p50: number; p99: number; max: number };
}

/**
 * Commit and handle times per event id. The producer stamps right after COMMIT returns, the handler when it is
 * called; a handler can run a hair before the producer hears COMMIT's reply, so negative gaps count as 0. Only
 * the first handling counts (a redelivery is not a second latency sample), and events of other runs sharing a
 * Kafka topic are ignored by keying on this run's ids.
 */
export class LatencyRecorder {
  private readonly committedAt = new Map<string, number>();
  private readonly handledAt = new Map<string, number>();
  private firstCommit = Infinity;
  private lastCommit = 0;
  /** Kept up to date on both sides, because the progress loop asks for it many times a second. */
  private matched = 0;

  committed(eventIds: string[], at: number): void {
    for (const id of eventIds) {
      this.committedAt.set(id, at);
      if (this.handledAt.has(id)) this.matched++;
    }
    this.firstCommit = Math.min(this.firstCommit, at);
    this.lastCommit = Math.max(this.lastCommit, at);
  }

  handled(eventId: string, at: number): void {
    if (this.handledAt.has(eventId)) return;
    this.handledAt.set(eventId, at);
    if (this.committedAt.has(eventId)) this.matched++;
  }

  get committedCount(): number {
    return this.committedAt.size;
  }

  /** Committed events whose handling was seen. */
  get handledCount(): number {
    return this.matched;
  }

  /** @param handlingFrom when handling could start (a drain phase), instead of the first commit */
  result(handlingFrom?: number): PhaseResult {
    const latencies: number[] = [];
    let lastHandled = 0;
    for (const [id, committed] of this.committedAt) {
      const handled = this.handledAt.get(id);
      if (handled === undefined) continue;
      latencies.push(Math.max(0, handled - committed));
      lastHandled = Math.max(lastHandled, handled);
    }
    const events = this.committedAt.size;
    const rate = (count: number, from: number, to: number) => (to > from ? Math.round((count * 1000) / (to - from)) : 0);
    return {
      events,
      eventsPerSecond: rate(latencies.length, handlingFrom ?? this.firstCommit, lastHandled),
      producedPerSecond: rate(events, this.firstCommit, this.lastCommit),
      latencyMs: summary(latencies),
    };
  }
}
