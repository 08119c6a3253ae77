import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import type { Writable } from 'node:stream';

/** A value COPY text format can carry: null is NULL, bigint and number as digits, Date as ISO 8601. */
export type CopyValue = string | number | bigint | boolean | Date | null;

const FLUSH_BYTES = 1 << 20;
const SPECIAL = /[\\\n\r\t]/;

/** One field in COPY text format: backslash, newline, carriage return and tab escaped, NULL as \N. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : String(value);
  return SPECIAL.test(text) ? text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') : text;
}

/**
 * Streams rows into one table with COPY FROM STDIN on a client the caller holds (and so in the caller's
 * transaction, if one is open). Rows go to the server in ~1 MB chunks; call `drain()` between batches of rows
 * so a slow server pushes back on the producer instead of memory growing, and `end()` to finish the COPY.
 */
export class CopySink {
  private buffer = '';
  private rows = 0;
  /** The server refused the COPY (a bad row, a constraint): kept so the next drain or end throws it. */
  private failure: Error | undefined;

  private constructor(private readonly stream: Writable) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** @param table schema-qualified; @param columns in the order `write` gets the values */
  static open(client: PoolClient, table: string, columns: readonly string[]): CopySink {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    return new CopySink(stream);
  }

  get written(): number {
    return this.rows;
  }

  write(values: readonly CopyValue[]): void {
    let line = '';
    for (let index = 0; index < values.length; index++) line += (index === 0 ? '' : '\t') + copyField(values[index]);
    this.buffer += line + '\n';
    this.rows++;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }

  /** Waits while the server is behind on what was handed over (call between batches of writes). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    // once() also rejects on 'error', so a COPY the server aborts meanwhile does not leave us waiting.
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Sends the rest and completes the COPY; rejects with the server's error if a row was refused. */
  private flush(): void {
    if (this.buffer.length === 0) return;
    this.stream.write(this.buffer);
    this.buffer = '';
  }

  async end(): Promise<number> {
    this.flush();
    await this.drain();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
    return this.rows;
  }
}
