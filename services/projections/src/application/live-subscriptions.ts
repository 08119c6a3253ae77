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
    subscribe(contract, async (event, { tx }) => {
      await projector.apply(tx, event);
      await state.touch(tx, spec.name, event.occurredAt);
    }, { writes: () => lock }),
  );
}
