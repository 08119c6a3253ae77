import { Client } from 'pg';
import { databaseName } from './database-url';

/** The login role of each process. Each is granted only its own schema by the migrations. */
export const SERVICE_ROLES = ['orders_svc', 'inventory_svc', 'payments_svc', 'projections_svc', 'provider_sim', 'gateway_svc'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/**
 * Creates the login roles if missing and sets their passwords. Roles are cluster-wide, so this runs before the
 * migrations that grant them privileges. None has REPLICATION: Debezium logs in as a role of its own
 * (OUTBOX_CDC_ROLE in @shop/messaging).
 */
export async function ensureServiceRoles(adminUrl: string, passwords: Record<ServiceRole, string>): Promise<void> {
  const client = new Client({ connectionString: adminUrl, application_name: 'migrator' });
  await client.connect();
  try {
    // Serialise: CREATE ROLE races between two starters would fail with a duplicate-key error.
    await client.query('SELECT pg_advisory_lock(7240520)');
    for (const role of SERVICE_ROLES) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (exists.rowCount === 0) await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      // Literal password: CREATE/ALTER ROLE takes no parameters; the value is escaped by format().
      const { rows } = await client.query<{ stmt: string }>('SELECT format($1, $2::text) AS stmt', [`ALTER ROLE ${role} WITH LOGIN PASSWORD %L`, passwords[role]]);
      await client.query(rows[0].stmt);
      await client.query(`GRANT CONNECT ON DATABASE "${databaseName(adminUrl).replace(/"/g, '""')}" TO ${role}`);
    }
    await client.query('SELECT pg_advisory_unlock(7240520)');
  } finally {
    await client.end();
  }
}
