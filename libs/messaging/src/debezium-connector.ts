import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { Client } from 'pg';

export const OUTBOX_TABLES = ['orders.order_events', 'inventory.outbox', 'payments.outbox'];
const PUBLICATION = 'shop_outbox';

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

/** infra/debezium/outbox-connector.json with the database coordinates of `adminUrl` filled in. */
export function outboxConnectorConfig(adminUrl: string, overrides: Record<string, string> = {}): { name: string; config: Record<string, string> } {
  const url = new URL(adminUrl);
  const values: Record<string, string> = {
    DB_HOST: url.hostname, DB_PORT: url.port || '5432', DB_USER: decodeURIComponent(url.username), DB_PASSWORD: decodeURIComponent(url.password),
    DB_NAME: decodeURIComponent(url.pathname.slice(1)),
  };
  const template = readFileSync(join(repoRoot(), 'infra/debezium/outbox-connector.json'), 'utf8');
  const filled = template.replace(/\$\{(DB_[A-Z]+)\}/g, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
  const connector = JSON.parse(filled) as { name: string; config: Record<string, string> };
  return { name: overrides.name ?? connector.name, config: { ...connector.config, ...overrides } };
}

/** Registers (or updates) the connector through Kafka Connect's REST API and waits until its task runs. */
export async function registerOutboxConnector(connectUrl: string, adminUrl: string, overrides: Record<string, string> = {}, timeoutMs = 60_000): Promise<string> {
  await ensureOutboxPublication(adminUrl);
  const { name, config } = outboxConnectorConfig(adminUrl, overrides);
  const response = await fetch(`${connectUrl}/connectors/${encodeURIComponent(name)}/config`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config),
  });
  if (!response.ok) throw new Error(`Kafka Connect refused connector ${name}: ${response.status} ${await response.text()}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${connectUrl}/connectors/${encodeURIComponent(name)}/status`).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined) as
      | { connector: { state: string }; tasks: { state: string; trace?: string }[] }
      | undefined;
    if (status?.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((task) => task.state === 'RUNNING')) return name;
    const failed = status?.tasks.find((task) => task.state === 'FAILED');
    if (failed) throw new Error(`connector ${name} failed: ${failed.trace?.split('\n')[0]}`);
    if (Date.now() > deadline) throw new Error(`connector ${name} did not reach RUNNING within ${timeoutMs / 1000} s (last: ${JSON.stringify(status)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Removes the connector and its replication slot, so the database can be dropped and WAL is not retained. */
export async function removeOutboxConnector(connectUrl: string, adminUrl: string, name: string, slot: string): Promise<void> {
  await fetch(`${connectUrl}/connectors/${encodeURIComponent(name)}`, { method: 'DELETE' }).catch(() => undefined);
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
