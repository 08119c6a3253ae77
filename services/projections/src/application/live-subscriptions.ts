import { Subscription, subscribe } from '@shop/messaging';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { liveTables } from '../infrastructure/postgres/readmodel-tables';
import { ProjectionSpec, projectionLockKey } from './projection-catalog';
import { sqlProjector } from './sql-projectors';

/**
 * The consumer side of one projection: a subscription per contract, each applying the event to the live tables
 * and moving the projection's asOf, in the batch transaction with the inbox row and the checkpoint. Every batch
 * first takes the projection's lock (`writes`), which is what lets a rebuild swap tables between two batches.
 */
export function projectionSubscriptions(spec: ProjectionSpec): Subscription[] {
  const projector = sqlProjector(spec.name, liveTables);
  const state = new PgProjectionState();
  const lock = [projectionLockKey(spec.name)];
  return spec.contracts.map((contract) =>
    subscribe(contract, async (event, { tx, beforeCommit }) => {
      await projector.apply(tx, event);
      // asOf moves once per batch, to the batch's last event (touch never moves it back): one statement per
      // batch instead of one per event. Conservative when occurredAt is not monotonic within the batch.
      beforeCommit(`${spec.name}:asOf`, (batchTx) => state.touch(batchTx, spec.name, event.occurredAt));
    }, { writes: () => lock }),
  );
}
