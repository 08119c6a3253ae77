import type { Queryable } from '@shop/postgres';
import type { Pool } from 'pg';
import type { IdBases } from './world';

/** The identity column of every table the seed writes ids into, by the IdBases field it draws from. */
const IDENTITY_TABLES: Record<Exclude<keyof IdBases, 'merchant'>, string> = {
  product: 'inventory.products',
  sku: 'inventory.skus',
  customer: 'orders.customers',
  address: 'orders.addresses',
  order: 'orders.orders',
  line: 'orders.order_line_items',
  event: 'orders.order_events',
  payment: 'payments.payments',
  refund: 'payments.refunds',
  paymentOutbox: 'payments.outbox',
  inventoryOutbox: 'inventory.outbox',
  reservation: 'inventory.reservations',
};

/**
 * One past the largest id in use in every seeded table, counting values the identity sequence already handed
 * out (a rolled-back insert leaves a gap the table does not show). Merchants have no table: one past the
 * largest merchant id any product or order mentions.
 */
export async function readBases(db: Queryable): Promise<IdBases> {
  const bases = { merchant: 1 } as IdBases;
  for (const [field, table] of Object.entries(IDENTITY_TABLES) as [keyof typeof IDENTITY_TABLES, string][]) {
    const { rows } = await db.query<{ next: string }>(
      `SELECT (GREATEST((SELECT coalesce(max(id), 0) FROM ${table}), coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass), 0)) + 1)::text AS next`,
      [table],
    );
    bases[field] = Number(rows[0].next);
  }
  const { rows } = await db.query<{ next: string }>(
    `SELECT (GREATEST((SELECT coalesce(max(merchant_id), 0) FROM inventory.products), (SELECT coalesce(max(merchant_id), 0) FROM orders.orders)) + 1)::text AS next`,
  );
  bases.merchant = Number(rows[0].next);
  return bases;
}

/**
 * Moves every identity sequence past the range the seed is about to fill, before it fills it: a service that
 * inserts meanwhile, or afterwards, gets ids beyond the seeded ones instead of colliding with them.
 */
export async function reserveRanges(db: Queryable, bases: IdBases, counts: Record<keyof typeof IDENTITY_TABLES, number>): Promise<void> {
  for (const [field, table] of Object.entries(IDENTITY_TABLES) as [keyof typeof IDENTITY_TABLES, string][]) {
    if (counts[field] > 0) await db.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2::bigint)`, [table, bases[field] + counts[field] - 1]);
  }
}

export type IdCounts = Parameters<typeof reserveRanges>[2];

/**
 * Reads the bases and moves the sequences past the ranges in one short transaction that holds off every
 * inserter of the seeded tables (SHARE ROW EXCLUSIVE waits for open inserts and blocks new ones): a running
 * platform's sweepers may insert while the seed counts its rows, and an id taken between reading the bases
 * and reserving the ranges would collide with a seeded one (duplicate key on commit, the whole seed lost).
 */
export async function lockAndReserveRanges(pool: Pool, counts: IdCounts): Promise<IdBases> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${Object.values(IDENTITY_TABLES).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    const bases = await readBases(client);
    await reserveRanges(client, bases, counts);
    await client.query('COMMIT');
    return bases;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
