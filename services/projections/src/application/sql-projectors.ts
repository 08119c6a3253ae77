import type { EventEnvelope } from '@shop/contracts';
import type { Queryable } from '@shop/postgres';
import { queueChangeOf } from '../domain/fulfillment-queue';
import type { ProjectionName } from '../domain/projection-names';
import { movementOf } from '../domain/revenue';
import { timelineRecordOf } from '../domain/timeline';
import { PgFulfillmentQueueStore } from '../infrastructure/postgres/pg-fulfillment-queue.store';
import { PgRevenueStore } from '../infrastructure/postgres/pg-revenue.store';
import { PgTimelineStore } from '../infrastructure/postgres/pg-timeline.store';
import type { TableResolver } from '../infrastructure/postgres/readmodel-tables';

/** Applies a run of events (in log order) to a projection's tables with idempotent statements, in the caller's transaction. */
export interface SqlProjector {
  applyRun(db: Queryable, events: readonly EventEnvelope[]): Promise<void>;
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * The SQL side of a projection: what the live consumer runs for each run of its batch, and what a rebuild runs
 * on its shadow tables to catch up. A few statements per run, whatever its length. The event -> change step is
 * the domain's, shared with the in-memory replay.
 */
export function sqlProjector(name: ProjectionName, tables: TableResolver): SqlProjector {
  switch (name) {
    case 'fulfillment-queue': {
      const store = new PgFulfillmentQueueStore(tables);
      return { applyRun: (db, events) => store.applyRun(db, events.map(queueChangeOf).filter(defined)) };
    }
    case 'revenue': {
      const store = new PgRevenueStore(tables);
      return { applyRun: (db, events) => store.applyRun(db, events.map(movementOf).filter(defined)) };
    }
    case 'timeline': {
      const store = new PgTimelineStore(tables);
      return { applyRun: (db, events) => store.applyRun(db, events.map(timelineRecordOf)) };
    }
  }
}
