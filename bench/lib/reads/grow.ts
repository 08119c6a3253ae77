import { Client } from 'pg';
import { seedDatabase } from '../../../tools/seed/seed-database';

export interface Growth {
  /** Orders before and after. */
  from: number;
  to: number;
  seedSeconds: number;
  vacuumSeconds: number;
}

/** Orders the seeder must add to reach `target`; it only appends, so never negative. */
export const ordersToAdd = (current: number, target: number) => Math.max(0, target - current);

/**
 * Brings the database up to `target` orders with the project's seeder (it appends a new world of customers and
 * merchants beside what is there), then VACUUMs (the seeder has ANALYZEd): right after a bulk load the visibility map is empty and hint
 * bits unset, so the first reads of every page would write, and autovacuum would start in the middle of a
 * measurement. A database in service has been vacuumed; that is the state worth measuring.
 */
export async function growTo(adminUrl: string, target: number, log: (line: string) => void): Promise<Growth> {
  const from = await countOrders(adminUrl);
  const missing = ordersToAdd(from, target);
  let seedSeconds = 0;
  if (missing > 0) {
    log(`${from} orders, seeding ${missing} more`);
    const report = await seedDatabase(adminUrl, { orders: missing, progress: log });
    seedSeconds = report.seconds;
    log(`seeded ${missing} orders in ${report.seconds.toFixed(1)} s (${Math.round(report.ordersPerSecond)} orders/s)`);
  }
  const started = Date.now();
  log('vacuuming and checkpointing');
  await withClient(adminUrl, async (db) => {
    await db.query('VACUUM');
    // Flushes the load's dirty pages now rather than in a checkpoint during the measurements.
    await db.query('CHECKPOINT');
  });
  const vacuumSeconds = (Date.now() - started) / 1000;
  log(`vacuumed and checkpointed in ${vacuumSeconds.toFixed(1)} s`);
  return { from, to: await countOrders(adminUrl), seedSeconds, vacuumSeconds };
}

export function countOrders(adminUrl: string): Promise<number> {
  return withClient(adminUrl, async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders')).rows[0].n);
}

async function withClient<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url, application_name: 'bench-reads' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
