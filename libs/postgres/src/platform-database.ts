import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { Client } from 'pg';
import { withDatabase } from './database-url';
import { MigrationResult, MigrationSet, migrate } from './migrations';
import { ServiceRole, ensureServiceRoles } from './service-roles';

/** Every migration set of the platform, in the order they must apply. */
export function platformMigrationSets(): MigrationSet[] {
  const root = repoRoot();
  return [
    { service: 'platform', dir: join(root, 'infra/sql/migrations') },
    { service: 'orders', dir: join(root, 'services/orders/migrations') },
    { service: 'inventory', dir: join(root, 'services/inventory/migrations') },
    { service: 'payments', dir: join(root, 'services/payments/migrations') },
    { service: 'projections', dir: join(root, 'services/projections/migrations') },
  ];
}

/** Creates `database` on the server of `adminUrl` if it does not exist yet; returns the admin URL of it. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

/** Roles, schemas, grants and every pending migration: what a database needs before the services start. */
export async function preparePlatformDatabase(adminUrl: string, passwords: Record<ServiceRole, string>, log?: (line: string) => void): Promise<MigrationResult> {
  await ensureServiceRoles(adminUrl, passwords);
  return migrate(adminUrl, platformMigrationSets(), log);
}
