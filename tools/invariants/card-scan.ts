import { containsCardNumber } from '@shop/contracts';
import type { Client } from 'pg';

/**
 * Identifiers stored with every event whose dash-joined hex parts can look like a digit run: W3C trace context
 * (the envelope's traceparent) and UUIDs (event ids). The gateway never scans these either.
 */
const KNOWN_IDS = /\b[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

const FETCH_ROWS = 5_000;

/** Whether a stored text holds a card number, as the gateway's guard would refuse it (containsCardNumber). */
export function holdsCardNumber(text: string): boolean {
  // JSON text escapes a tab or a line break as two characters (\t, \n): a number grouped by them reads as one here.
  return containsCardNumber(text.replace(KNOWN_IDS, ' ').replace(/\\[tnr]/g, ' '));
}

/**
 * At least 13 digits with at most three separators between each two: what any card number written in ASCII has
 * (SQL regex). Text with anything beyond ASCII in it is a candidate too: its spaces, dashes and digits may be
 * other scripts' (containsCardNumber reads them).
 */
const CANDIDATE = `'[0-9]([[:space:]_/.\\\\tnr-]{0,3}[0-9]){12}|[^\\u0001-\\u007f]'`;

/**
 * Scans every text-like column of every platform schema for card-like numbers (PCI: none may ever be stored).
 * Each table is read once, for all its text columns, keeping the rows where one of them passes the SQL pre-filter
 * (CANDIDATE); the gateway's own test (containsCardNumber) then runs on those. Needs a transaction (its cursor
 * lives in one). Returns where hits were found, table and column, never the numbers.
 */
export async function scanForCardNumbers(
  client: Client,
  onTable: (table: string, candidateRows: number, seconds: number) => void = () => {},
  schemas = ['orders', 'inventory', 'payments', 'readmodels', 'provider_sim'],
): Promise<Record<string, unknown>[]> {
  const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = ANY($1) AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_namespace n ON n.oid = p.relnamespace
                         WHERE n.nspname = c.table_schema AND p.relname = c.table_name)
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
    [schemas],
  );
  const tables = new Map<string, string[]>();
  for (const column of columns) {
    const table = `"${column.table_schema}"."${column.table_name}"`;
    tables.set(table, [...(tables.get(table) ?? []), column.column_name]);
  }
  const hits: Record<string, unknown>[] = [];
  for (const [table, names] of tables) {
    // Every matching row, through a cursor in the caller's read-only transaction: a LIMIT left most of a large
    // event log unread. One pass per table: a pass per column read the event log six times.
    const texts = names.map((name, index) => `"${name}"::text AS c${index}`).join(', ');
    await client.query(`DECLARE card_scan NO SCROLL CURSOR FOR SELECT ${texts} FROM ${table} WHERE ${names.map((name) => `"${name}"::text ~ ${CANDIDATE}`).join(' OR ')}`);
    const started = performance.now();
    const counts = names.map(() => 0);
    let candidates = 0;
    for (;;) {
      const { rows } = await client.query<Record<string, string | null>>(`FETCH ${FETCH_ROWS} FROM card_scan`);
      candidates += rows.length;
      for (const row of rows) names.forEach((_name, index) => {
        const value = row[`c${index}`];
        if (value !== null && holdsCardNumber(value)) counts[index]++;
      });
      if (rows.length < FETCH_ROWS) break;
    }
    await client.query('CLOSE card_scan');
    const name = table.replace(/"/g, '');
    onTable(name, candidates, (performance.now() - started) / 1000);
    names.forEach((column, index) => {
      if (counts[index] > 0) hits.push({ table: name, column, rows: counts[index] });
    });
  }
  return hits;
}
