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
  return containsCardNumber(text.replace(KNOWN_IDS, ' '));
}

/**
 * Scans every text-like column of every platform schema for card-like numbers (PCI: none may ever be stored).
 * The SQL pre-filter (13 digits, at most three separators between each two) keeps the scan cheap; the gateway's
 * own test runs here. Needs a transaction (its cursor lives in one). Returns where hits were found, never the
 * numbers.
 */
export async function scanForCardNumbers(client: Client, schemas = ['orders', 'inventory', 'payments', 'readmodels', 'provider_sim']): Promise<Record<string, unknown>[]> {
  const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = ANY($1) AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_namespace n ON n.oid = p.relnamespace
                         WHERE n.nspname = c.table_schema AND p.relname = c.table_name)`,
    [schemas],
  );
  const hits: Record<string, unknown>[] = [];
  for (const column of columns) {
    // Every matching row, through a cursor in the caller's read-only transaction: a LIMIT left most of a large
    // event log unread.
    await client.query(
      `DECLARE card_scan NO SCROLL CURSOR FOR
         SELECT "${column.column_name}"::text AS value FROM "${column.table_schema}"."${column.table_name}"
          WHERE "${column.column_name}"::text ~ '[0-9]([[:blank:]_/.-]{0,3}[0-9]){12}'`,
    );
    let count = 0;
    for (;;) {
      const { rows } = await client.query<{ value: string }>(`FETCH ${FETCH_ROWS} FROM card_scan`);
      count += rows.filter((row) => holdsCardNumber(row.value)).length;
      if (rows.length < FETCH_ROWS) break;
    }
    await client.query('CLOSE card_scan');
    if (count > 0) hits.push({ table: `${column.table_schema}.${column.table_name}`, column: column.column_name, rows: count });
  }
  return hits;
}
