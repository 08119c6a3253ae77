import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { Client, DatabaseError } from 'pg';
import { connectRequest, connectorUrl, expectOk } from './connect-rest';
import { removeConnectorSecret, writeConnectorSecret } from './connect-secrets';
import { startConnectorClean } from './connector-clean-start';
import { restartFailedTasks } from './connector-watchdog';

export const OUTBOX_TABLES = ['orders.order_events', 'inventory.outbox', 'payments.outbox'];
const OUTBOX_SCHEMAS = ['orders', 'inventory', 'payments'];
const PUBLICATION = 'shop_outbox';
/** The login role Debezium streams as: REPLICATION and SELECT on the three outboxes, nothing else. */
export const OUTBOX_CDC_ROLE = 'outbox_cdc';
/** Shared with ensureServiceRoles: role DDL from two starters at once would fail with a duplicate key. */
const ROLE_DDL_LOCK = 7240520;

/**
 * The publication Debezium streams: every outbox table, with partitions published as their root table so
 * orders.order_events arrives as one table whatever month a row lands in.
 */
export async function ensureOutboxPublication(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [PUBLICATION]);
    if (exists.rowCount === 0) await client.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE ${OUTBOX_TABLES.join(', ')} WITH (publish_via_partition_root = true)`);
  } finally {
    await client.end();
  }
}

/**
 * Creates or updates the role the connector logs in as, so that Kafka Connect, whose REST API shows a connector's
 * config to anyone who can reach it, holds a password that reads the outboxes and nothing else, not the admin's.
 * Granting REPLICATION takes a superuser (PostgreSQL 15): false when `adminUrl`'s user is not one.
 */
export async function ensureOutboxCdcRole(adminUrl: string, password: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl, application_name: 'migrator' });
  await client.connect();
  try {
    const { rows: [admin] } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user');
    if (!admin?.rolsuper) return false;
    await client.query('SELECT pg_advisory_lock($1)', [ROLE_DDL_LOCK]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [OUTBOX_CDC_ROLE]);
      if (exists.rowCount === 0) await client.query(`CREATE ROLE ${OUTBOX_CDC_ROLE}`);
      // Literal password: ALTER ROLE takes no parameters; format() escapes the value.
      const { rows } = await client.query<{ stmt: string }>('SELECT format($1, $2::text) AS stmt', [
        `ALTER ROLE ${OUTBOX_CDC_ROLE} WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L`, password,
      ]);
      await client.query(rows[0].stmt);
      const { rows: [{ db }] } = await client.query<{ db: string }>('SELECT quote_ident(current_database()) AS db');
      await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${OUTBOX_CDC_ROLE}`);
      await client.query(`GRANT USAGE ON SCHEMA ${OUTBOX_SCHEMAS.join(', ')} TO ${OUTBOX_CDC_ROLE}`);
      await client.query(`GRANT SELECT ON ${OUTBOX_TABLES.join(', ')} TO ${OUTBOX_CDC_ROLE}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ROLE_DDL_LOCK]);
    }
    return true;
  } catch (error) {
    // A user that calls itself a superuser but is refused (a managed service's reduced one): keep the old way.
    if (error instanceof DatabaseError && error.code === '42501') return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Who the connector logs in as: the admin's own user unless a role of its own is given. */
export interface ConnectorLogin {
  user: string;
  password: string;
}

/** infra/debezium/outbox-connector.json with the database coordinates of `adminUrl` (and `login`) filled in. */
export function outboxConnectorConfig(adminUrl: string, overrides: Record<string, string> = {}, login?: ConnectorLogin): { name: string; config: Record<string, string> } {
  const url = new URL(adminUrl);
  const values: Record<string, string> = {
    DB_HOST: url.hostname, DB_PORT: url.port || '5432',
    DB_USER: login?.user ?? decodeURIComponent(url.username), DB_PASSWORD: login?.password ?? decodeURIComponent(url.password),
    DB_NAME: decodeURIComponent(url.pathname.slice(1)),
  };
  const template = readFileSync(join(repoRoot(), 'infra/debezium/outbox-connector.json'), 'utf8');
  const filled = template.replace(/\$\{(DB_[A-Z]+)\}/g, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
  const connector = JSON.parse(filled) as { name: string; config: Record<string, string> };
  return { name: overrides.name ?? connector.name, config: { ...connector.config, ...overrides } };
}

export interface RegisterConnectorOptions {
  /** Connector settings over the template's: name, slot.name, the topic route. */
  overrides?: Record<string, string>;
  /** The password of OUTBOX_CDC_ROLE, set on every registration. */
  cdcPassword: string;
  /**
   * A directory Kafka Connect's worker reads with its FileConfigProvider (`connectSecretsDir()`): the password goes
   * there and the config holds a reference to it. Without it, the config holds the password.
   */
  secretsDir?: string;
  /** Told when the admin cannot create OUTBOX_CDC_ROLE, or when the password goes into the config itself. */
  warn?: (message: string) => void;
  timeoutMs?: number;
}

/** How often registration restarts a FAILED task before it reports the failure. */
const MAX_TASK_RESTARTS = 3;

/**
 * Registers (or updates) the connector through Kafka Connect's REST API, logging in as OUTBOX_CDC_ROLE, and waits
 * until its task runs. Returns the connector's name.
 */
export async function registerOutboxConnector(connectUrl: string, adminUrl: string, options: RegisterConnectorOptions): Promise<string> {
  const { overrides = {}, cdcPassword, secretsDir, warn = () => undefined, timeoutMs = 60_000 } = options;
  await ensureOutboxPublication(adminUrl);
  const ownRole = await ensureOutboxCdcRole(adminUrl, cdcPassword);
  if (!ownRole) {
    warn(`the database user of DATABASE_URL is not a superuser, so it cannot create role ${OUTBOX_CDC_ROLE} (REPLICATION needs one): ` +
      `Debezium logs in as that user. ` +
      `To narrow it, create ${OUTBOX_CDC_ROLE} with LOGIN REPLICATION and SELECT on ${OUTBOX_TABLES.join(', ')} as a superuser (infra/debezium/README.md)`);
  }
  const filled = outboxConnectorConfig(adminUrl, overrides, ownRole ? { user: OUTBOX_CDC_ROLE, password: cdcPassword } : undefined);
  const { name } = filled;
  const config = { ...filled.config };
  if (secretsDir) {
    config['database.password'] = writeConnectorSecret(secretsDir, name, 'database.password', config['database.password']);
  } else {
    warn(`Kafka Connect shows the connector's database password to anyone who can reach ${connectUrl}: set CONNECT_SECRETS_DIR to a directory ` +
      `its worker reads with config.providers=file (npm run kafka:up makes one) to keep only a reference there (infra/debezium/README.md)`);
  }
  const refused = (text: string) => text + (secretsDir ? unresolvedHint(text) : '');
  const connector = connectorUrl(connectUrl, name);
  if (!(await replicationSlotExists(adminUrl, config['slot.name']))) {
    // Debezium creates the slot: no offset kept under this name may stand for another database's WAL.
    await startConnectorClean(connectUrl, name, config, refused, timeoutMs);
  } else {
    const response = await connectRequest('PUT', `${connector}/config`, config);
    await expectOk(`refused connector ${name}`, response, refused);
    // An existing connector whose config still names the same file would go on with the password its tasks resolved
    // at their start; restarting them resolves the one just written.
    if (secretsDir && response.status === 200) {
      await expectOk(`did not restart connector ${name}`, await connectRequest('POST', `${connector}/restart?includeTasks=true&onlyFailed=false`));
    }
  }
  const deadline = Date.now() + timeoutMs;
  let restarts = 0;
  for (;;) {
    const status = await fetch(`${connector}/status`).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined) as
      | { connector: { state: string }; tasks: { state: string; trace?: string }[] }
      | undefined;
    if (status?.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((task) => task.state === 'RUNNING')) return name;
    const failed = status?.tasks.find((task) => task.state === 'FAILED');
    // A task left FAILED by the last stop (its database went away under it) stays FAILED through a config update:
    // it is restarted, a few times, before its failure counts as this start's.
    if (failed && restarts < MAX_TASK_RESTARTS) {
      restarts++;
      await restartFailedTasks(connectUrl, name).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000 * restarts));
      continue;
    }
    if (failed) throw new Error(`connector ${name} failed: ${failed.trace?.split('\n')[0]}${secretsDir ? unresolvedHint(failed.trace) : ''}`);
    if (Date.now() > deadline) throw new Error(`connector ${name} did not reach RUNNING within ${timeoutMs / 1000} s (last: ${JSON.stringify(status)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A replication slot as the database sees it. */
export interface ReplicationSlotState {
  /** A session (Debezium's) reads it now. */
  active: boolean;
  /** WAL written since the last position its reader confirmed. */
  behindBytes: number;
}

/** This database's replication slot of that name (another database of the server may have its own), if any. */
export async function replicationSlotState(adminUrl: string, slot: string): Promise<ReplicationSlotState | undefined> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ active: boolean; behind: string | null }>(
      `SELECT active, (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint::text AS behind
         FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND database = current_database()`,
      [slot],
    );
    return rows.length === 0 ? undefined : { active: rows[0].active, behindBytes: Number(rows[0].behind ?? 0) };
  } finally {
    await client.end();
  }
}

export async function replicationSlotExists(adminUrl: string, slot: string): Promise<boolean> {
  return (await replicationSlotState(adminUrl, slot)) !== undefined;
}

/** A worker without the `file` config provider passes the reference on as the password itself. */
function unresolvedHint(trace = ''): string {
  return /password authentication failed/i.test(trace)
    ? '. If its worker has no config.providers=file, it sent the reference as the password: restart it with the provider (npm run kafka:restart -- connect, which rewrites its config) or unset CONNECT_SECRETS_DIR'
    : '';
}

/**
 * Removes the connector, its secret (when it was registered with `secretsDir`) and its replication slot, so the
 * database can be dropped and WAL is not retained.
 */
export async function removeOutboxConnector(connectUrl: string, adminUrl: string, name: string, slot: string, secretsDir?: string): Promise<void> {
  await fetch(connectorUrl(connectUrl, name), { method: 'DELETE' }).catch(() => undefined);
  if (secretsDir) removeConnectorSecret(secretsDir, name);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 40; attempt++) {
      const { rows } = await client.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
      if (rows.length === 0) return;
      if (!rows[0].active) {
        await client.query('SELECT pg_drop_replication_slot($1)', [slot]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}
