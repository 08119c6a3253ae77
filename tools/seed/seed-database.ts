import { createPool } from '@shop/postgres';
import type { PoolClient } from 'pg';
import type { ProgressSink } from '../../services/projections/src/rebuild/progress';
import { pendingBacklog, skipSeededEvents, waitForOlderTransactions } from './checkpoints';
import { SeedCounts, countRows } from './counting';
import { lockAndReserveRanges, readBases } from './id-space';
import { readModelSteps } from './readmodel-loads';
import { LoadContext, TableStats, loadLane } from './table-loader';
import * as T from './tables';
import { buildWorld, sizesFor } from './world';

export interface SeedOptions {
  orders: number;
  /** Same seed, same data (given the same starting ids and `now`). */
  seed?: number;
  now?: number;
  /** Seed even though consumers have unread events (they would be skipped). */
  force?: boolean;
  progress?: ProgressSink;
}

export interface SeedReport {
  orders: number;
  seed: number;
  counts: SeedCounts;
  tables: TableStats;
  seconds: number;
  ordersPerSecond: number;
}

/** The tables that are analysed after loading (statistics drive the plans of every access pattern). */
const ANALYZED = [
  'inventory.products', 'inventory.skus', 'inventory.reservations', 'inventory.outbox', 'orders.customers', 'orders.addresses', 'orders.catalog_skus', 'orders.orders',
  'orders.order_line_items', 'orders.order_events', 'payments.payments', 'payments.refunds', 'payments.outbox', 'payments.cancelled_orders', 'provider_sim.ledger',
  'readmodels.fulfillment_queue', 'readmodels.fulfillment_closed', 'readmodels.fulfillment_early', 'readmodels.revenue_entries', 'readmodels.revenue_daily', 'readmodels.order_timeline',
];

/**
 * Fills every schema with a year of consistent history: catalog, customers, orders with lines and address
 * snapshots, the order event log, payments with their outbox and the provider's ledger, reservations and stock
 * events, and the read models made from the events by the projections' own code. Loaded with COPY in two
 * halves that run side by side on two connections, each one transaction, committed back to back only when both
 * finished (the orders schema, and everything else: foreign keys never cross the halves). Each half generates
 * the orders in chunks and writes every table of a chunk with its own COPY. Every consumer group is moved past
 * the seeded events in the same transactions, and identity sequences past the seeded ids.
 */
export async function seedDatabase(adminUrl: string, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const now = options.now ?? Date.now();
  const pool = createPool({ url: adminUrl, applicationName: 'seed', max: 4, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
  try {
    if (!options.force) {
      const pending = await pendingBacklog(pool);
      if (pending.length > 0) throw new Error(`the platform is not idle, seeding now would make consumers skip events:\n  ${pending.join('\n  ')}\n(wait for them, or pass --force)`);
    }
    // Counted on provisional bases (counts do not depend on them), then the final bases are taken under lock.
    const counts = countRows(buildWorld(seed, sizesFor(options.orders), await readBases(pool), now), options.orders);
    const bases = await lockAndReserveRanges(pool, counts.ids);
    const world = buildWorld(seed, sizesFor(options.orders), bases, now);
    progress(`seed ${seed}: ${options.orders} orders of ${world.customers.length} customers at ${world.merchants.length} merchants (${world.skus.length} SKUs); ` +
      `${counts.ids.event} order events, ${counts.ids.line} lines, ${counts.ids.payment} payments; status mix ${JSON.stringify(counts.byStatus)}`);
    await pool.query(`SELECT orders.ensure_event_partitions((date_trunc('month', to_timestamp($1::double precision / 1000) - interval '13 months'))::date, 16)`, [now]);

    const abort = new AbortController();
    const context: LoadContext = { world, orders: options.orders, progress, signal: abort.signal };
    const readModels = readModelSteps();
    const lanes = await Promise.all([pool.connect(), pool.connect()]);
    const [ordersLane, restLane] = lanes;
    let tables: TableStats = {};
    try {
      for (const lane of lanes) await lane.query('BEGIN');
      const results = await Promise.allSettled([
        runLane(ordersLane, async () => {
          const stats = await loadLane(ordersLane, [T.CUSTOMERS, T.ADDRESSES, T.ORDERS, T.LINE_ITEMS, T.ORDER_EVENTS], [], context, 'orders schema');
          await skipSeededEvents(ordersLane, 'orders.order_events', bases.event + counts.ids.event - 1);
          return stats;
        }),
        runLane(restLane, async () => {
          const stats = await loadLane(restLane, [
            T.PRODUCTS, T.skusLoad(counts.reservedBySku), T.CATALOG_REPLICA, T.INVENTORY_OUTBOX, T.RESERVATIONS, T.PAYMENTS, T.REFUNDS, T.CANCELLED_ORDERS,
            T.PAYMENTS_OUTBOX, T.PROVIDER_LEDGER, ...readModels.steps,
          ], readModels.finishers, context, 'inventory, payments, provider, read models');
          await skipSeededEvents(restLane, 'inventory.outbox', bases.inventoryOutbox + counts.ids.inventoryOutbox - 1);
          await skipSeededEvents(restLane, 'payments.outbox', bases.paymentOutbox + counts.ids.paymentOutbox - 1);
          return stats;
        }),
      ].map((lane) => lane.catch((error: unknown) => {
        // The first failure is the cause; the other lane then stops with an abort of its own.
        if (!abort.signal.aborted) abort.abort(error);
        throw error;
      })));
      if (results.some((result) => result.status === 'rejected')) throw abort.signal.reason;
      for (const result of results) if (result.status === 'fulfilled') tables = { ...tables, ...result.value };
      const own = await Promise.all(lanes.map(async (lane) => (await lane.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid));
      await waitForOlderTransactions(ordersLane, own);
      progress('committing');
      for (const lane of lanes) await lane.query('COMMIT');
      for (const lane of lanes) lane.release();
    } catch (error) {
      // A lane may be in the middle of a COPY, where a ROLLBACK would queue behind it forever: closing the
      // connection makes the server roll back both transactions.
      for (const lane of lanes) lane.release(error as Error);
      throw error;
    }
    const analyzeStarted = Date.now();
    for (const table of ANALYZED) await pool.query(`ANALYZE ${table}`);
    progress(`analysed ${ANALYZED.length} tables in ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s`);
    const seconds = (Date.now() - started) / 1000;
    return { orders: options.orders, seed, counts, tables, seconds, ordersPerSecond: options.orders / seconds };
  } finally {
    await pool.end();
  }
}

/** Session settings of a lane's transaction, then its loading. */
async function runLane(client: PoolClient, load: () => Promise<TableStats>): Promise<TableStats> {
  // Synchronous commit buys nothing here: a crash before the commit is flushed loses a seed that can be rerun.
  await client.query('SET LOCAL synchronous_commit = off');
  // Foreign keys are checked by triggers, one lookup per row; the generator builds every reference from the ids
  // it assigns (and the seed's test checks them all afterwards), so a superuser skips that per-row work. Other
  // roles load with the checks on, only slower.
  const { rows } = await client.query<{ superuser: boolean }>(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
  if (rows[0]?.superuser) await client.query(`SET LOCAL session_replication_role = replica`);
  return load();
}
