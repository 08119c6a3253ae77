import type { EventEnvelope, OrderEventBase, TimelineStep } from '@shop/contracts';

/** One order event as the timeline keeps it: what the event recorded, nothing derived. */
export interface TimelineRecord extends TimelineStep {
  orderId: string;
  sequence: number;
}

/** Every order event carries the OrderEventBase fields, so any of them maps to a record. */
export function timelineRecordOf(event: EventEnvelope): TimelineRecord {
  const base = event.payload as OrderEventBase;
  return {
    orderId: base.orderId, sequence: event.sequence, type: event.type, fromStatus: base.fromStatus, toStatus: base.toStatus,
    at: event.occurredAt, actor: base.actor, reason: base.reason,
  };
}
