import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** The numbered `.sql` files of one service, applied in order. */
export interface MigrationSet {
  service: string;
  dir: string;
}

export interface MigrationResult {
  applied: string[];
  skipped: number;
  /** Applied here, by a newer version (a rollback): named so an operator knows the schema is ahead of the code. */
  newer?: string[];
}

const LOCK_KEY = 7_240_519; // one advisory lock for every migrator of this platform
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

function readSet(set: MigrationSet) {
  return readdirSync(set.dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(join(set.dir, file), 'utf8');
      return { service: set.service, file, text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * Applies every pending migration, each in its own transaction (a failing file leaves nothing half-applied),
 * under an advisory lock so concurrent starters wait instead of racing. Re-running is a no-op; a file changed
 * after it was applied is refused, since the database would silently differ from the code.
 */
export async function migrate(adminUrl: string, sets: MigrationSet[], log: (line: string) => void = () => undefined): Promise<MigrationResult> {
  const client = new Client({ connectionString: adminUrl, application_name: 'migrator' });
  await client.connect();
  const result: MigrationResult = { applied: [], skipped: 0 };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS shop_meta;
      CREATE TABLE IF NOT EXISTS shop_meta.migrations (
        service    text        NOT NULL,
        file       text        NOT NULL,
        checksum   text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (service, file))`);
    const { rows } = await client.query<{ service: string; file: string; checksum: string }>('SELECT service, file, checksum FROM shop_meta.migrations');
    const done = new Map(rows.map((row) => [`${row.service}/${row.file}`, row.checksum]));
    const migrations = sets.flatMap(readSet);
    const known = new Set(migrations.map((migration) => `${migration.service}/${migration.file}`));
    const services = new Set(sets.map((set) => set.service));
    const newer = rows.map((row) => `${row.service}/${row.file}`).filter((key) => services.has(key.split('/')[0]) && !known.has(key)).sort();
    if (newer.length > 0) {
      result.newer = newer;
      log(`warning: this database has ${newer.length} migration(s) this code does not (${newer.join(', ')}): a newer version ran on it; this one starts on the newer schema, which keeps working only while every change it made is additive`);
    }
    for (const migration of migrations) {
      const key = `${migration.service}/${migration.file}`;
      const appliedChecksum = done.get(key);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) {
          throw new Error(`migration ${key} changed after it was applied; never edit an applied migration, add a new numbered file instead`);
        }
        result.skipped++;
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.text);
        await client.query('INSERT INTO shop_meta.migrations (service, file, checksum) VALUES ($1, $2, $3)', [migration.service, migration.file, migration.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${key} failed and was rolled back: ${(error as Error).message}`);
      }
      result.applied.push(key);
      log(`migrated ${key}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return result;
}
