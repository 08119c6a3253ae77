import { Subscription, subscribeBatchOf } from '@shop/messaging';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { liveTables } from '../infrastructure/postgres/readmodel-tables';
import { ProjectionSpec, projectionLockKey } from './projection-catalog';
import { sqlProjector } from './sql-projectors';

/**
 * The consumer side of one projection: one batch handler over all its contracts, applying each run of the batch
 * to the live tables in a few statements and moving the projection's asOf, in the batch transaction with the
 * checkpoint. Every batch first takes the projection's lock (`writes`), which is what lets a rebuild swap tables
 * between two batches. No inbox rows (`idempotent`): every store's statements already make a redelivered event
 * change nothing (sql-projectors.ts), and the inbox cost 8 rows and 16 index entries per order (docs/DECISIONS.md).
 */
export function projectionSubscriptions(spec: ProjectionSpec): Subscription[] {
  const projector = sqlProjector(spec.name, liveTables);
  const state = new PgProjectionState();
  const lock = [projectionLockKey(spec.name)];
  return subscribeBatchOf(spec.contracts, async (events, { tx, beforeCommit }) => {
    await projector.applyRun(tx, events);
    // asOf moves once per batch, to the batch's last event (touch never moves it back): one statement per
    // batch instead of one per event. Conservative when occurredAt is not monotonic within the batch.
    const last = events[events.length - 1];
    beforeCommit(`${spec.name}:asOf`, (batchTx) => state.touch(batchTx, spec.name, last.occurredAt));
  }, { writes: () => lock, idempotent: true });
}
