import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
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
 * The physical limit on the same Postgres server, with pgbench: the whole checkout's writes as one monolithic
 * transaction, and the order point read. Writes go to the bench database's real tables.
 */
export async function benchRawLimit(adminUrl: string, options: { clients: number; seconds: number }): Promise<RawResult> {
  try {
    execFileSync('pgbench', ['--version']);
  } catch {
    throw new Error('pgbench is not installed; install the PostgreSQL client tools (Debian: apt-get install postgresql-client)');
  }
  const line = progress('raw limit (pgbench)');
  const db = new Client({ connectionString: adminUrl });
  await db.connect();
  let customers: number;
  let skus: number;
  try {
    customers = (await db.query('SELECT max(id)::int AS n FROM orders.customers')).rows[0].n;
    // SKUs 1..n get stock the monolith never exhausts.
    await db.query(`UPDATE inventory.skus SET inventory_count = 1000000000 WHERE id <= 50`);
    skus = Math.min(50, (await db.query('SELECT max(id)::int AS n FROM inventory.skus')).rows[0].n);
  } finally {
    await db.end();
  }
  line.update(`checkout monolith, ${options.clients} clients, ${options.seconds} s`);
  const checkoutTps = pgbench(adminUrl, 'checkout-monolith.sql', options.clients, options.seconds, { customers, skus });
  const bounds = new Client({ connectionString: adminUrl });
  await bounds.connect();
  const { rows } = await bounds.query('SELECT min(id)::text AS lo, max(id)::text AS hi FROM orders.orders');
  await bounds.end();
  line.update('order point read');
  const pointReadTps = pgbench(adminUrl, 'order-point-read.sql', options.clients, options.seconds, { min_order: rows[0].lo, max_order: rows[0].hi });
  line.done(`monolithic checkout ${checkoutTps.toFixed(0)} TPS, order point read ${pointReadTps.toFixed(0)} TPS (${options.clients} clients)`);
  return { checkoutTps: Math.round(checkoutTps), pointReadTps: Math.round(pointReadTps), clients: options.clients, seconds: options.seconds };
}
