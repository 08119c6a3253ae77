/** One recorded entry of an order's log. */
export interface TimelineEvent {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: Date;
  actor: string;
  reason: string | null;
}

export interface TimelineEntry {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: string;
  actor: string;
  reason: string | null;
  /** For a status change: seconds the order stayed in `toStatus` (until now if it still is, null once terminal). */
  secondsInState: number | null;
}

const TERMINAL = new Set(['DELIVERED', 'CANCELLED']);

/** Pattern 8: the timeline with time in each state, oldest first. Saga steps without a status change get null. */
export function buildTimeline(events: TimelineEvent[], now: Date): TimelineEntry[] {
  return events.map((event, index) => {
    let secondsInState: number | null = null;
    if (event.toStatus !== null && event.fromStatus !== event.toStatus) {
      const next = events.slice(index + 1).find((later) => later.toStatus !== null && later.toStatus !== event.toStatus);
      const end = next ? next.at : TERMINAL.has(event.toStatus) ? null : now;
      secondsInState = end === null ? null : Math.max(0, (end.getTime() - event.at.getTime()) / 1000);
    }
    return { type: event.type, fromStatus: event.fromStatus, toStatus: event.toStatus, at: event.at.toISOString(), actor: event.actor, reason: event.reason, secondsInState };
  });
}
