import type { Queryable } from '@shop/postgres';
import type { ReadModelTable } from '../infrastructure/postgres/readmodel-tables';
import type { ProjectionBuses } from '../application/projection-buses';
import { waitFor } from '@shop/testing';

const ORDER_BY: Record<ReadModelTable, string> = {
  fulfillment_queue: 'order_id',
  fulfillment_closed: 'order_id',
  fulfillment_early: 'order_id',
  revenue_entries: 'kind, movement_id',
  revenue_daily: 'merchant_id, day, currency',
  order_timeline: 'order_id, sequence',
};

/** Every row of every read-model table, in key order: two snapshots are equal iff the tables hold the same rows. */
export async function readModelSnapshot(db: Queryable): Promise<Record<ReadModelTable, unknown[]>> {
  const snapshot = {} as Record<ReadModelTable, unknown[]>;
  for (const [table, order] of Object.entries(ORDER_BY) as [ReadModelTable, string][]) {
    snapshot[table] = (await db.query(`SELECT * FROM readmodels.${table} ORDER BY ${order}`)).rows;
  }
  return snapshot;
}

/** Waits until every projection's consumer has applied everything committed so far. */
export async function caughtUp(buses: ProjectionBuses, timeoutMs = 60_000): Promise<void> {
  await waitFor('the projections to catch up', async () => {
    const status = await buses.status();
    return status.groups.every((group) => Object.values(group.lag).every((lag) => lag === 0)) ? true : undefined;
  }, timeoutMs, 50);
}
