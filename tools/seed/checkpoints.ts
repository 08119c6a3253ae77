import type { Queryable } from '@shop/postgres';
import { ALL_PROJECTIONS, sourcesOf } from '../../services/projections/src/application/projection-catalog';

/** A consumer group's checkpoint row: in its service's schema, per source log. */
interface Consumer {
  schema: string;
  group: string;
  source: string;
}

/**
 * Who reads which log in the embedded mode, mirroring each service's MessageBus (group = service name) and its
 * subscriptions: orders reads inventory and payments events, inventory and payments read order events, and each
 * projection is its own group. Rows are created for these so a group that has not started yet begins after the
 * seeded history instead of replaying it (a replayed OrderPlaced would reserve stock for a year-old order).
 */
const CONSUMERS: Consumer[] = [
  { schema: 'orders', group: 'orders', source: 'inventory.outbox' },
  { schema: 'orders', group: 'orders', source: 'payments.outbox' },
  { schema: 'inventory', group: 'inventory', source: 'orders.order_events' },
  { schema: 'payments', group: 'payments', source: 'orders.order_events' },
  ...ALL_PROJECTIONS.flatMap((spec) => sourcesOf(spec).map((source) => ({ schema: 'readmodels', group: spec.group, source }))),
];
/** Schemas holding consumer_checkpoints (relays and any other group file their rows there too). */
const CHECKPOINT_SCHEMAS = ['orders', 'inventory', 'payments', 'readmodels'];

/**
 * Inside the transaction that wrote `source`'s seeded rows (all with this transaction's id, ids up to `lastId`):
 * every consumer of `source`, and every relay or other group that already has a row for it, is moved to the end
 * of the seeded rows, never backwards. Committed together with the rows, so no consumer ever sees them.
 */
export async function skipSeededEvents(tx: Queryable, source: string, lastId: number): Promise<void> {
  for (const consumer of CONSUMERS.filter((candidate) => candidate.source === source)) {
    await tx.query(`INSERT INTO ${consumer.schema}.consumer_checkpoints (consumer_group, source) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [consumer.group, source]);
  }
  for (const schema of CHECKPOINT_SCHEMAS) {
    await tx.query(
      `UPDATE ${schema}.consumer_checkpoints SET last_txid = pg_current_xact_id(), last_id = $2, updated_at = now()
        WHERE source = $1 AND (last_txid, last_id) < (pg_current_xact_id(), $2::bigint)`,
      [source, lastId],
    );
  }
}

/**
 * Refuses to seed while a consumer still has events to read: moving its checkpoint past the seeded rows would
 * skip them. Returns what is pending, empty when the platform is idle.
 */
export async function pendingBacklog(db: Queryable): Promise<string[]> {
  const pending: string[] = [];
  for (const schema of CHECKPOINT_SCHEMAS) {
    const { rows } = await db.query<{ consumer_group: string; source: string; txid: string; id: string }>(
      `SELECT consumer_group, source, last_txid::text AS txid, last_id::text AS id FROM ${schema}.consumer_checkpoints`,
    );
    for (const row of rows.filter((candidate) => /^(orders\.order_events|inventory\.outbox|payments\.outbox)$/.test(candidate.source))) {
      const backlog = await db.query(`SELECT 1 FROM ${row.source} WHERE (txid, id) > ($1::xid8, $2::bigint) LIMIT 1`, [row.txid, row.id]);
      if (backlog.rowCount) pending.push(`${schema}: group ${row.consumer_group} has unread events on ${row.source}`);
    }
  }
  return pending;
}

/**
 * Just before commit: other transactions older than the seed's that are still open could commit events below
 * the checkpoints the seed sets, which every consumer would then skip. Waits for them, up to `timeoutMs`.
 */
export async function waitForOlderTransactions(tx: Queryable, ownTxids: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await tx.query<{ xid: string }>(
      `SELECT x::text AS xid FROM pg_snapshot_xip(pg_current_snapshot()) AS x WHERE x < (SELECT max(t) FROM unnest($1::xid8[]) AS t) AND x <> ALL($1::xid8[])`,
      [ownTxids],
    );
    if (rows.length === 0) return;
    if (Date.now() > deadline) throw new Error(`transactions ${rows.map((row) => row.xid).join(', ')} started before the seed and are still open; stop the services (or end those sessions) and seed again`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
