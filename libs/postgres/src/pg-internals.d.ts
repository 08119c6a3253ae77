// pg maps a parameter to its wire text with this (pg/lib/utils.js, exported as ./lib/*); it ships no types for it.
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
}

// A query's result as pg builds it from the wire (pg/lib/result.js): fields, then rows parsed with the type parsers.
declare module 'pg/lib/result' {
  import type { QueryResultRow } from 'pg';
  export default class Result {
    constructor(rowMode: undefined, types: unknown);
    rows: QueryResultRow[];
    addFields(fields: unknown[]): void;
    parseRow(fields: unknown[]): QueryResultRow;
    addRow(row: QueryResultRow): void;
  }
}
