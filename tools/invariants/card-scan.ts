import type { Client } from 'pg';

/** Digit runs of 13-19 digits (single spaces or dashes between them allowed), as card numbers are written. */
const CANDIDATE = /(?<![0-9A-Za-z])[0-9](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])/g;
/** Identifiers whose dash-joined hex parts can look like a digit run: W3C trace context and UUIDs. */
const KNOWN_IDS = /\b[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** Card-like numbers in a text: candidates that pass Luhn. */
export function cardLikeNumbers(text: string): string[] {
  return (text.replace(KNOWN_IDS, ' ').match(CANDIDATE) ?? []).map((match) => match.replace(/[ -]/g, '')).filter(luhnValid);
}

/**
 * Scans every text-like column of every platform schema for card-like numbers (PCI: none may ever be stored).
 * The SQL pre-filter keeps the scan cheap; Luhn runs here. Returns where hits were found, never the numbers.
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
    const { rows } = await client.query<{ value: string }>(
      `SELECT "${column.column_name}"::text AS value FROM "${column.table_schema}"."${column.table_name}" WHERE "${column.column_name}"::text ~ '[0-9]([ -]?[0-9]){12,18}' LIMIT 10000`,
    );
    const count = rows.filter((row) => cardLikeNumbers(row.value).length > 0).length;
    if (count > 0) hits.push({ table: `${column.table_schema}.${column.table_name}`, column: column.column_name, rows: count });
  }
  return hits;
}
