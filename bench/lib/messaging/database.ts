import { createPool } from '@shop/postgres';
import { createTestDatabase, startTestServer } from '@shop/testing';
import type { EmbeddedServer } from '@shop/postgres';
import type { Pool } from 'pg';

/** One database the benchmark runs a mode against, with a pool per role it needs. */
export interface BenchDatabase {
  adminUrl: string;
  /** Login of the producers (inventory_svc), who run on a worker thread with their own pool. */
  producerUrl: string;
  /** A small pool of the producers' role for the benchmark's own queries. */
  producers: Pool;
  consumer: Pool;
  relay: Pool;
  /** Server settings that decide what a commit costs, reported with the results. */
  settings: Record<string, string>;
  close(): Promise<void>;
}

export interface BenchDatabases {
  /** A fresh database per mode (own server), or DATABASE_URL every time. */
  open(): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

async function settingsOf(pool: Pool): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'server_version')",
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}

function pools(urlFor: (role: 'inventory_svc' | 'projections_svc') => string) {
  return {
    producers: createPool({ url: urlFor('inventory_svc'), applicationName: 'bench-probe', max: 2 }),
    consumer: createPool({ url: urlFor('projections_svc'), applicationName: 'bench-consumer', max: 4 }),
    relay: createPool({ url: urlFor('inventory_svc'), applicationName: 'bench-relay', max: 2 }),
  };
}

/**
 * DATABASE_URL given: an admin URL of a migrated database, used as is for every role (the events stay in its
 * outbox). Otherwise the test Postgres (started if nothing answers on TEST_PGPORT) and a fresh copy of the
 * migrated template per mode, dropped afterwards, so each mode starts with an empty outbox.
 */
export async function benchDatabases(log: (line: string) => void): Promise<BenchDatabases> {
  const given = process.env.DATABASE_URL;
  if (given) {
    return {
      async open() {
        const opened = pools(() => given);
        const { rows } = await opened.producers.query("SELECT to_regclass('inventory.outbox') IS NOT NULL AS migrated");
        if (!rows[0].migrated) throw new Error('DATABASE_URL has no inventory.outbox: migrate it first (npm start does), or leave DATABASE_URL unset');
        return { adminUrl: given, producerUrl: given, ...opened, settings: await settingsOf(opened.producers), close: () => endAll(opened) };
      },
      stop: async () => undefined,
    };
  }
  const { adminUrl, server } = await startTestServer(log);
  process.env.TEST_ADMIN_URL = adminUrl;
  return {
    async open() {
      const db = await createTestDatabase();
      const opened = pools((role) => db.urlFor(role));
      return {
        adminUrl: db.adminUrl, producerUrl: db.urlFor('inventory_svc'), ...opened, settings: await settingsOf(opened.producers),
        close: async () => {
          await endAll(opened);
          await db.drop();
        },
      };
    },
    stop: async () => (server as EmbeddedServer | undefined)?.stop(),
  };
}

async function endAll(opened: Record<string, Pool>): Promise<void> {
  await Promise.all(Object.values(opened).map((pool) => pool.end().catch(() => undefined)));
}
