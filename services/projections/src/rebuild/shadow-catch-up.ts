import { LogPosition } from '@shop/messaging';
import { Queryable, withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';
import { ProjectionSpec, sourcesOf } from '../application/projection-catalog';
import { SqlProjector, sqlProjector } from '../application/sql-projectors';
import { shadowTables } from '../infrastructure/postgres/readmodel-tables';
import { EventFilter } from './event-filter';
import { HorizonLogReader, laterPosition, visibilityHorizon } from './log-reader';

/**
 * Brings one projection's loaded shadow tables up to date with the events committed since the bulk pass, with
 * the live consumer's statements (idempotent) pointed at the shadow tables. Runs first in short transactions
 * while the live consumer keeps going, then once more inside the swap transaction, where it must be quick.
 */
export class ShadowCatchUp {
  private readonly projector: SqlProjector;
  private readonly filter = new EventFilter();
  private readonly readers: Map<string, HorizonLogReader>;
  applied = 0;

  constructor(
    readonly spec: ProjectionSpec,
    /** Per source, the last row the shadows include. */
    readonly positions: Map<string, LogPosition>,
    public lastEventAt: string | undefined,
    private readonly pageSize: number,
  ) {
    this.projector = sqlProjector(spec.name, shadowTables);
    this.readers = new Map(sourcesOf(spec).map((source) => [source, new HorizonLogReader(source)]));
  }

  get rejected(): number {
    return this.filter.rejected;
  }

  /** Catches up in page-sized transactions to the current horizon; returns the events read. */
  async step(pool: Pool): Promise<number> {
    const horizon = await visibilityHorizon(pool);
    let read = 0;
    for (const source of this.readers.keys()) {
      for (;;) {
        const count = await withTransaction(pool, (tx) => this.page(tx, source, horizon));
        read += count;
        if (count < this.pageSize) break;
      }
    }
    return read;
  }

  /**
   * Inside the swap transaction: everything below the horizon as of now, plus whatever the live consumer of
   * `source` already applied (`through`), so the rebuilt tables end at or after the live ones.
   */
  async final(tx: Queryable, source: string, through: LogPosition): Promise<number> {
    const horizon = await visibilityHorizon(tx);
    let read = 0;
    for (;;) {
      const count = await this.page(tx, source, horizon, through);
      read += count;
      if (count < this.pageSize) return read;
    }
  }

  private async page(db: Queryable, source: string, horizon: string, through?: LogPosition): Promise<number> {
    const rows = await this.readers.get(source)!.read(db, this.positions.get(source)!, horizon, this.pageSize, through);
    const applicable = rows.map((row) => row.envelope).filter((envelope) => this.filter.projectionsFor([this.spec], envelope).length > 0);
    await this.projector.applyRun(db, applicable);
    for (const envelope of applicable) {
      this.applied++;
      if (this.lastEventAt === undefined || Date.parse(envelope.occurredAt) > Date.parse(this.lastEventAt)) this.lastEventAt = envelope.occurredAt;
    }
    if (rows.length > 0) this.positions.set(source, laterPosition(this.positions.get(source)!, rows[rows.length - 1].position));
    return rows.length;
  }
}
