import type { Upstream } from '../gateway.config';

/** What a service's GET /internal/bus answers; projections adds `groups`, one per projection bus. */
export interface InternalBusStatus {
  group: string;
  mode: string;
  lag: Record<string, number>;
  deadLetters: number;
  groups?: InternalBusStatus[];
  /** With the built-in Kafka relay: the service's outbox events not yet published. */
  relayLag?: Record<string, number>;
}

/** One consumer group as the dashboard shows it. */
export interface BusGroupRow {
  service: Upstream;
  group: string;
  mode: string;
  lag: Record<string, number>;
  /** Sum over sources: the events this group still has to apply. */
  totalLag: number;
  deadLetters: number;
}

/** The row name of a service's built-in relay: it is a reader of the outbox too, with Kafka as its target. */
export const RELAY_ROW = 'relay to Kafka';

const sum = (lag: Record<string, number>) => Object.values(lag).reduce((total, n) => total + (Number.isFinite(n) ? n : 0), 0);

/**
 * One row per consumer group. Projections runs a bus per projection and reports the worst lag per source at
 * the top level; its `groups` are what an operator needs (which projection is behind), so they replace it. A
 * built-in relay adds a row of its own: stuck, it leaves every consumer group with nothing to read.
 */
export function busGroups(service: Upstream, status: InternalBusStatus): BusGroupRow[] {
  const groups = Array.isArray(status.groups) && status.groups.length > 0 ? status.groups : [status];
  const rows = groups.map((group) => {
    const lag = group.lag ?? {};
    return { service, group: group.group, mode: group.mode, lag, totalLag: sum(lag), deadLetters: group.deadLetters ?? 0 };
  });
  if (status.relayLag) rows.push({ service, group: RELAY_ROW, mode: status.mode, lag: status.relayLag, totalLag: sum(status.relayLag), deadLetters: 0 });
  return rows;
}

/** A dead letter as a service lists it (GET /internal/bus/dead-letters). */
export interface InternalDeadLetter {
  id: string;
  consumerGroup: string;
  source: string;
  eventId: string;
  eventType: string;
  aggregateId: string;
  envelope?: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

export type DeadLetterRow = Omit<InternalDeadLetter, 'envelope'> & { service: Upstream };

/**
 * Tags letters with their service (redrive is per service) and drops the envelope: the dashboard needs what
 * failed and why, not the payload (customer data stays in the services).
 */
export function deadLetterRows(service: Upstream, items: InternalDeadLetter[]): DeadLetterRow[] {
  return items.map(({ envelope: _envelope, ...letter }) => ({ ...letter, id: String(letter.id), service }));
}

/** Newest failure first, then by service and id so the order is stable between refreshes. */
export function newestFirst(rows: DeadLetterRow[]): DeadLetterRow[] {
  return [...rows].sort((a, b) => Date.parse(b.failedAt) - Date.parse(a.failedAt) || a.service.localeCompare(b.service) || Number(a.id) - Number(b.id));
}
