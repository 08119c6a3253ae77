import type { NamedQuery } from './named-query';

/** What quotes a string as an SQL literal: a pg client's escapeLiteral. */
export interface LiteralQuoter {
  escapeLiteral(value: string): string;
}

/** A one-dimensional array as Postgres array input ('{"a","b",NULL}'); elements quoted, NULL for null. */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values
    .map((value) => {
      if (value === null || value === undefined) return 'NULL';
      if (Array.isArray(value)) throw new TypeError('arrayLiteral: nested arrays are not supported');
      const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join(',')}}`;
}

function literal(value: unknown, quote: LiteralQuoter): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`inlineStatement: ${value} is not a value Postgres takes`);
  if (Array.isArray(value)) return quote.escapeLiteral(arrayLiteral(value));
  if (value instanceof Date) return quote.escapeLiteral(value.toISOString());
  if (typeof value === 'object') return quote.escapeLiteral(JSON.stringify(value));
  // Quoted even when numeric: an untyped literal takes its type from the context, as a bound parameter does.
  return quote.escapeLiteral(String(value));
}

/**
 * A parameterised statement as plain text with its values quoted in, for the simple protocol, where several
 * statements share one round trip (a batch's writes sent with its COMMIT). Placeholders are $1..$n; the statement
 * must hold no other `$` (no dollar quoting), which the named statements that use this do not.
 */
export function inlineStatement(query: Pick<NamedQuery, 'text'>, values: readonly unknown[], quote: LiteralQuoter): string {
  return query.text.replace(/\$(\d+)/g, (_placeholder, position: string) => {
    const index = Number(position) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`inlineStatement: no value for $${position}`);
    return literal(values[index], quote);
  });
}
