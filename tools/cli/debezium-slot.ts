import { ReplicationSlotState, replicationSlotState } from '@shop/messaging';
import { debeziumNames } from '../supervisor/retire-debezium';

/** Debezium's side of the relay, as the database sees it: the replication slot npm start's connector reads. */
export interface DebeziumSlotState extends ReplicationSlotState {
  connector: string;
  slot: string;
}

/** The namespace's Debezium slot in the platform's database; undefined when there is none (the built-in relay, Postgres mode). */
export async function debeziumSlotState(adminUrl: string, namespace: string): Promise<DebeziumSlotState | undefined> {
  const { connector, slot } = debeziumNames(namespace);
  const state = await replicationSlotState(adminUrl, slot);
  return state && { connector, slot, ...state };
}

/** One line for `npm run dlq -- lag`. */
export function describeDebeziumSlot(state: DebeziumSlotState): string {
  const behind = `${state.behindBytes.toLocaleString('en-US')} bytes of WAL not yet confirmed`;
  return state.active
    ? `debezium     slot ${state.slot}: streaming, ${behind}`
    : `debezium     slot ${state.slot}: NOT streaming, ${behind}; outbox events wait in the WAL until connector ${state.connector} reads ` +
        `it again: check curl $CONNECT_URL/connectors/${state.connector}/status`;
}
