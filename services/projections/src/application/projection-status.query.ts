import type { Pool } from 'pg';
import { PgProjectionState } from '../infrastructure/postgres/pg-projection-state';
import { PROJECTIONS } from './projection-catalog';
import type { ProjectionBuses } from './projection-buses';

/** GET /internal/projections: per projection, its consumer group, backlog per source, dead letters and asOf. */
export class ProjectionStatusQuery {
  private readonly state = new PgProjectionState();

  constructor(private readonly pool: Pool, private readonly buses: ProjectionBuses) {}

  async all() {
    const asOf = await this.state.all(this.pool);
    const items = [];
    for (const [name, bus] of this.buses.byName) {
      const status = await bus.status();
      const lastEventAt = asOf.get(name) ?? null;
      items.push({
        name, group: PROJECTIONS[name].group, mode: status.mode, lag: status.lag, totalLag: Object.values(status.lag).reduce((sum, n) => sum + n, 0),
        deadLetters: status.deadLetters, asOf: lastEventAt ? lastEventAt.toISOString() : null,
      });
    }
    return { projections: items };
  }
}
