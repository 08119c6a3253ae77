import { Queryable, run, sql } from '@shop/postgres';
import type { ProjectionName } from '../../domain/projection-names';

export interface ProjectionStateRow {
  projection: string;
  last_event_at: Date | null;
}

// GREATEST: asOf never goes back, whatever order the events of different aggregates are applied in.
const TOUCH = sql(
  'readmodels.projection_state.touch',
  `INSERT INTO readmodels.projection_state (projection, last_event_at, updated_at) VALUES ($1, $2, now())
   ON CONFLICT (projection) DO UPDATE
     SET last_event_at = GREATEST(readmodels.projection_state.last_event_at, EXCLUDED.last_event_at), updated_at = now()`,
);
const READ_ALL = sql<ProjectionStateRow>('readmodels.projection_state.all', `SELECT projection, last_event_at FROM readmodels.projection_state`);

/** When each projection last applied an event: the `asOf` of its answers. */
export class PgProjectionState {
  async touch(db: Queryable, projection: ProjectionName, eventAt: string | Date): Promise<void> {
    await run(db, TOUCH, [projection, eventAt]);
  }

  async all(db: Queryable): Promise<Map<string, Date | null>> {
    return new Map((await run(db, READ_ALL)).map((row) => [row.projection, row.last_event_at]));
  }
}
