import type { EventEnvelope } from '@shop/contracts';
import { QueueSlot, applyQueueChange, queueChangeOf } from '../domain/fulfillment-queue';
import type { ProjectionName } from '../domain/projection-names';
import { DailyRevenue, addMovement, dailyKey, movementKey, movementOf } from '../domain/revenue';
import { timelineRecordOf } from '../domain/timeline';
import type { CopyValue } from '../infrastructure/postgres/copy-sink';
import { closedValues, earlyValues, queueRowValues } from '../infrastructure/postgres/pg-fulfillment-queue.store';
import { revenueDailyValues, revenueEntryValues } from '../infrastructure/postgres/pg-revenue.store';
import { timelineValues } from '../infrastructure/postgres/pg-timeline.store';
import type { ReadModelTable } from '../infrastructure/postgres/readmodel-tables';

/** Where a replay puts rows of one table (a COPY stream into a shadow or a live table). */
export interface RowSink {
  write(values: readonly CopyValue[]): void;
}

/**
 * The bulk side of a projection, for replays of millions of events: applies events in memory with the same
 * domain rules as the SQL projector and emits finished rows. Append-only tables (timeline, revenue entries) are
 * emitted as events arrive; tables whose rows change (queue, daily revenue) once, at `finish()`.
 */
export interface MemoryProjector {
  apply(event: EventEnvelope): void;
  finish(): void;
  /** Last occurredAt applied, for the projection's asOf. */
  readonly lastEventAt: string | undefined;
}

type Sinks = (table: ReadModelTable) => RowSink;

function later(current: string | undefined, candidate: string): string {
  return current === undefined || Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

class FulfillmentQueueMemory implements MemoryProjector {
  private readonly slots = new Map<string, QueueSlot>();
  lastEventAt: string | undefined;

  constructor(private readonly sinks: Sinks) {}

  apply(event: EventEnvelope): void {
    this.lastEventAt = later(this.lastEventAt, event.occurredAt);
    const change = queueChangeOf(event);
    if (!change) return;
    const orderId = change.kind === 'open' ? change.row.orderId : change.orderId;
    this.slots.set(orderId, applyQueueChange(this.slots.get(orderId) ?? {}, change));
  }

  finish(): void {
    const open = this.sinks('fulfillment_queue');
    const closed = this.sinks('fulfillment_closed');
    const early = this.sinks('fulfillment_early');
    for (const [orderId, slot] of this.slots) {
      if (slot.row) open.write(queueRowValues(slot.row));
      if (slot.closedSequence !== undefined) closed.write(closedValues(orderId, slot.closedSequence));
      if (slot.early) early.write(earlyValues(slot.early));
    }
  }
}

class RevenueMemory implements MemoryProjector {
  private readonly seen = new Set<string>();
  private readonly daily = new Map<string, DailyRevenue>();
  lastEventAt: string | undefined;

  constructor(private readonly sinks: Sinks) {}

  apply(event: EventEnvelope): void {
    this.lastEventAt = later(this.lastEventAt, event.occurredAt);
    const movement = movementOf(event);
    if (!movement) return;
    const key = movementKey(movement);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.sinks('revenue_entries').write(revenueEntryValues(movement));
    this.daily.set(dailyKey(movement), addMovement(this.daily.get(dailyKey(movement)), movement));
  }

  finish(): void {
    const sink = this.sinks('revenue_daily');
    for (const row of this.daily.values()) sink.write(revenueDailyValues(row));
  }
}

class TimelineMemory implements MemoryProjector {
  lastEventAt: string | undefined;

  constructor(private readonly sinks: Sinks) {}

  apply(event: EventEnvelope): void {
    this.lastEventAt = later(this.lastEventAt, event.occurredAt);
    this.sinks('order_timeline').write(timelineValues(timelineRecordOf(event)));
  }

  finish(): void {}
}

export function memoryProjector(name: ProjectionName, sinks: Sinks): MemoryProjector {
  switch (name) {
    case 'fulfillment-queue':
      return new FulfillmentQueueMemory(sinks);
    case 'revenue':
      return new RevenueMemory(sinks);
    case 'timeline':
      return new TimelineMemory(sinks);
  }
}
