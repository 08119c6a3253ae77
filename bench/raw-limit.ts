import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { migrate, platformMigrationSets, withDatabase } from '@shop/postgres';
import { Client } from 'pg';
import { progress } from './lib/progress';

export interface RawResult {
  checkoutTps: number;
  pointReadTps: number;
  clients: number;
  seconds: number;
}

function pgbench(url: string, script: string, clients: number, seconds: number, variables: Record<string, string | number>): number {
  const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', join(repoRoot(), 'bench/pgbench', script),
    ...Object.entries(variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]), url];
  const result = spawnSync('pgbench', args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`pgbench failed: ${result.error?.message ?? result.stderr}`);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps:\n${result.stdout}`);
  return Number(tps);
}

/**
 * A database of its own on the same server, with the platform's schema (its migrations) and a small catalog:
 * the monolith's rows must not land in the platform's logs, where the running consumers would read them,
 * dead-letter their placeholder payloads and compete with pgbench for the same 2 cores.
 */
async function rawDatabase(adminUrl: string, customers: number, skus: number): Promise<string> {
  const server = new Client({ connectionString: adminUrl });
  await server.connect();
  try {
    await server.query('DROP DATABASE IF EXISTS bench_raw WITH (FORCE)');
    await server.query('CREATE DATABASE bench_raw');
  } finally {
    await server.end();
  }
  const url = withDatabase(adminUrl, 'bench_raw');
  await migrate(url, platformMigrationSets());
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Raw widget')`);
    await db.query(
      `INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count)
       SELECT 1, 'RAW-' || n, 1999, 'USD', 1000000000 FROM generate_series(1, $1) AS n`, [skus]);
    await db.query(`INSERT INTO orders.customers (email, full_name) SELECT 'raw-' || n || '@example.com', 'Raw Buyer' FROM generate_series(1, $1) AS n`, [customers]);
  } finally {
    await db.end();
  }
  return url;
}

/**
 * The physical limit on the same Postgres server, with pgbench: the whole checkout's writes as one monolithic
 * transaction, and the order point read, in a database of their own (rawDatabase).
 */
export async function benchRawLimit(adminUrl: string, options: { clients: number; seconds: number }): Promise<RawResult> {
  try {
    execFileSync('pgbench', ['--version']);
  } catch {
    throw new Error('pgbench is not installed; install the PostgreSQL client tools (Debian: apt-get install postgresql-client)');
  }
  const line = progress('raw limit (pgbench)');
  const customers = 200;
  const skus = 50;
  line.update('creating its own database (bench_raw) with the platform schema');
  const rawUrl = await rawDatabase(adminUrl, customers, skus);
  line.update(`checkout monolith, ${options.clients} clients, ${options.seconds} s`);
  const checkoutTps = pgbench(rawUrl, 'checkout-monolith.sql', options.clients, options.seconds, { customers, skus });
  const bounds = new Client({ connectionString: rawUrl });
  await bounds.connect();
  const { rows } = await bounds.query('SELECT min(id)::text AS lo, max(id)::text AS hi FROM orders.orders');
  await bounds.end();
  line.update('order point read');
  const pointReadTps = pgbench(rawUrl, 'order-point-read.sql', options.clients, options.seconds, { min_order: rows[0].lo, max_order: rows[0].hi });
  // Gone before the platform is measured: autovacuum of its tens of thousands of fresh rows would otherwise run
  // during the checkout phase, on the same 2 cores.
  const server = new Client({ connectionString: adminUrl });
  await server.connect();
  await server.query('DROP DATABASE bench_raw WITH (FORCE)').finally(() => server.end());
  line.done(`monolithic checkout ${checkoutTps.toFixed(0)} TPS, order point read ${pointReadTps.toFixed(0)} TPS (${options.clients} clients)`);
  return { checkoutTps: Math.round(checkoutTps), pointReadTps: Math.round(pointReadTps), clients: options.clients, seconds: options.seconds };
}
