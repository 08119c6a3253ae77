import type { EventEnvelope, OrderEventBase } from '@shop/contracts';

/** One order event as the timeline keeps it: what the event recorded, nothing derived. */
export interface TimelineRecord {
  orderId: string;
  sequence: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** When the event occurred (its envelope's occurredAt). */
  at: string;
  actor: string;
  reason: string | null;
}

/** A timeline entry as the API serves it. */
export interface TimelineEntry {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: string;
  actor: string;
  reason: string | null;
  /**
   * For an entry that changes the status: seconds the order then stayed in `toStatus`, up to the next entry that
   * moved it to another status, or up to `now` while it still is in it. Null for a terminal status (the clock
   * would run forever) and for saga steps, which change no status.
   */
  secondsInState: number | null;
}

const TERMINAL = new Set(['DELIVERED', 'CANCELLED']);

/** Every order event carries the OrderEventBase fields, so any of them maps to a record. */
export function timelineRecordOf(event: EventEnvelope): TimelineRecord {
  const base = event.payload as OrderEventBase;
  return {
    orderId: base.orderId, sequence: event.sequence, type: event.type, fromStatus: base.fromStatus, toStatus: base.toStatus,
    at: event.occurredAt, actor: base.actor, reason: base.reason,
  };
}

function changesStatus(record: Pick<TimelineRecord, 'fromStatus' | 'toStatus'>): boolean {
  return record.toStatus !== null && record.fromStatus !== record.toStatus;
}

/**
 * Pattern 8 with the time spent in each state. `records` are one order's, oldest first (by sequence). A later
 * entry ends a state only if it moves the order to a different status; a saga step or a same-status entry
 * (PENDING -> PENDING) does not.
 */
export function withSecondsInState(records: TimelineRecord[], now: Date): TimelineEntry[] {
  const entries: TimelineEntry[] = new Array(records.length);
  // Walking backwards: `nearest` is the closest later entry that records a status, `nearestOther` the closest
  // later one whose status differs from nearest's. The state entered at an entry ends at whichever of the two
  // records a different status, found in O(1) per entry.
  let nearest: { status: string; at: number } | undefined;
  let nearestOther: { status: string; at: number } | undefined;
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index];
    const at = Date.parse(record.at);
    let secondsInState: number | null = null;
    if (changesStatus(record)) {
      const end = nearest?.status !== record.toStatus ? nearest : nearestOther;
      if (end) secondsInState = Math.max(0, end.at - at) / 1000;
      else if (!TERMINAL.has(record.toStatus!)) secondsInState = Math.max(0, now.getTime() - at) / 1000;
    }
    entries[index] = {
      type: record.type, fromStatus: record.fromStatus, toStatus: record.toStatus, at: new Date(at).toISOString(), actor: record.actor, reason: record.reason, secondsInState,
    };
    if (record.toStatus !== null) {
      if (nearest && nearest.status !== record.toStatus) nearestOther = nearest;
      nearest = { status: record.toStatus, at };
    }
  }
  return entries;
}
