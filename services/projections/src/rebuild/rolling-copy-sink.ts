import type { PoolClient } from 'pg';
import { CopySink, CopyValue } from '../infrastructure/postgres/copy-sink';

/**
 * A COPY into one shadow table that commits and starts over at the first `drain()` after `maxAgeMs`. A COPY is a
 * transaction holding a transaction id, and every consumer of the embedded bus reads only below the oldest
 * running one: one COPY per shadow for a whole replay held back every saga step and projection of the platform
 * until the replay ended (19 s for a million events). A shadow is read by nobody until the swap, so its partial
 * loads may commit.
 */
export class RollingCopySink {
  private current: CopySink;
  private openedAt = Date.now();
  private committed = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly maxAgeMs = 200,
  ) {
    this.current = CopySink.open(client, table, columns);
  }

  write(values: readonly CopyValue[]): void {
    this.current.write(values);
  }

  /** Applies backpressure; past `maxAgeMs`, commits the rows so far and opens the next COPY. */
  async drain(): Promise<void> {
    await this.current.drain();
    if (Date.now() - this.openedAt < this.maxAgeMs) return;
    this.committed += await this.current.end();
    this.current = CopySink.open(this.client, this.table, this.columns);
    this.openedAt = Date.now();
  }

  /** Commits the last rows; the number of rows written in all. */
  async end(): Promise<number> {
    return this.committed + (await this.current.end());
  }
}
