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

/** Applies one event to a projection's tables with idempotent statements, in the caller's transaction. */
export interface SqlProjector {
  apply(db: Queryable, event: EventEnvelope): Promise<void>;
}

/**
 * The statement-per-event side of a projection: what the live consumer runs, and what a rebuild runs on its
 * shadow tables to catch up. The event -> change step is the domain's, shared with the in-memory replay.
 */
export function sqlProjector(name: ProjectionName, tables: TableResolver): SqlProjector {
  switch (name) {
    case 'fulfillment-queue': {
      const store = new PgFulfillmentQueueStore(tables);
      return {
        apply: async (db, event) => {
          const change = queueChangeOf(event);
          if (change) await store.apply(db, change);
        },
      };
    }
    case 'revenue': {
      const store = new PgRevenueStore(tables);
      return {
        apply: async (db, event) => {
          const movement = movementOf(event);
          if (movement) await store.apply(db, movement);
        },
      };
    }
    case 'timeline': {
      const store = new PgTimelineStore(tables);
      return { apply: (db, event) => store.apply(db, timelineRecordOf(event)) };
    }
  }
}
