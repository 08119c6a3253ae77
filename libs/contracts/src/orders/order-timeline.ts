/**
 * Pattern 8 as the API serves it (GET /v1/orders/{id}/timeline), computed in one place for both servers of it:
 * the orders service from its status history, the projections service from its read model.
 */

/** What an order event recorded, as the timeline needs it: nothing derived. */
export interface TimelineStep {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** When it happened, ISO 8601. */
  at: string;
  actor: string;
  reason: string | null;
}

/** A timeline entry as the API serves it. */
export interface TimelineEntry extends TimelineStep {
  /**
   * For an entry that changes the status: seconds the order then stayed in `toStatus`, up to the next entry that
   * moved it to another status, or up to `now` while it still is in it. Null for a terminal status (the clock
   * would run forever) and for saga steps, which change no status.
   */
  secondsInState: number | null;
}

const TERMINAL = new Set(['DELIVERED', 'CANCELLED']);

function changesStatus(step: Pick<TimelineStep, 'fromStatus' | 'toStatus'>): boolean {
  return step.toStatus !== null && step.fromStatus !== step.toStatus;
}

/**
 * `steps` are one order's, oldest first. A later entry ends a state only if it moves the order to a different
 * status; a saga step or a same-status entry (PENDING -> PENDING) does not.
 */
export function withSecondsInState(steps: readonly TimelineStep[], now: Date): TimelineEntry[] {
  const entries: TimelineEntry[] = new Array(steps.length);
  // Walking backwards: `nearest` is the closest later entry that records a status, `nearestOther` the closest
  // later one whose status differs from nearest's. The state entered at an entry ends at whichever of the two
  // records a different status, found in O(1) per entry.
  let nearest: { status: string; at: number } | undefined;
  let nearestOther: { status: string; at: number } | undefined;
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index];
    const at = Date.parse(step.at);
    let secondsInState: number | null = null;
    if (changesStatus(step)) {
      const end = nearest?.status !== step.toStatus ? nearest : nearestOther;
      if (end) secondsInState = Math.max(0, end.at - at) / 1000;
      else if (!TERMINAL.has(step.toStatus!)) secondsInState = Math.max(0, now.getTime() - at) / 1000;
    }
    entries[index] = {
      type: step.type, fromStatus: step.fromStatus, toStatus: step.toStatus, at: new Date(at).toISOString(), actor: step.actor, reason: step.reason, secondsInState,
    };
    if (step.toStatus !== null) {
      if (nearest && nearest.status !== step.toStatus) nearestOther = nearest;
      nearest = { status: step.toStatus, at };
    }
  }
  return entries;
}

/**
 * One entry per occurrence: during a deprecation window the orders service appends an occurrence as the old
 * version and, right after it, the new one (docs/contracts/VERSIONING.md), and a timeline shows it once, as the
 * old version. `steps` are one order's, in sequence order.
 */
export function withoutNewerTwins<S extends { type: string; version: number }>(steps: readonly S[]): S[] {
  return steps.filter((step, index) => {
    const previous = steps[index - 1];
    return !(previous !== undefined && previous.type === step.type && previous.version < step.version);
  });
}
