import { Client } from 'pg';
import { debeziumNames } from '../supervisor/retire-debezium';

/** Debezium's side of the relay, as the database sees it: the replication slot npm start's connector reads. */
export interface DebeziumSlotState {
  connector: string;
  slot: string;
  /** A connector's session reads it now. */
  active: boolean;
  /** WAL written since the last position the connector confirmed: what Debezium has yet to publish, and more. */
  behindBytes: number;
}

/** The namespace's Debezium slot in the platform's database; undefined when there is none (the built-in relay, Postgres mode). */
export async function debeziumSlotState(adminUrl: string, namespace: string): Promise<DebeziumSlotState | undefined> {
  const { connector, slot } = debeziumNames(namespace);
  const client = new Client({ connectionString: adminUrl, application_name: 'dlq' });
  await client.connect();
  try {
    const { rows } = await client.query<{ active: boolean; behind: string | null }>(
      `SELECT active, (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint::text AS behind
         FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND database = current_database()`,
      [slot],
    );
    return rows.length === 0 ? undefined : { connector, slot, active: rows[0].active, behindBytes: Number(rows[0].behind ?? 0) };
  } finally {
    await client.end();
  }
}

/** One line for `npm run dlq -- lag`. */
export function describeDebeziumSlot(state: DebeziumSlotState): string {
  const behind = `${state.behindBytes.toLocaleString('en-US')} bytes of WAL not yet confirmed`;
  return state.active
    ? `debezium     slot ${state.slot}: streaming, ${behind}`
    : `debezium     slot ${state.slot}: NOT streaming, ${behind}; outbox events wait in the WAL until connector ${state.connector} reads ` +
        `it again: check curl $CONNECT_URL/connectors/${state.connector}/status`;
}
