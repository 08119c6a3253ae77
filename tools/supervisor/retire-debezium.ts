import { createHash } from 'node:crypto';
import { connectSecretsDir, removeOutboxConnector, replicationSlotExists } from '@shop/messaging';

/** Postgres's limit on a replication slot name (lower-case letters, digits and underscores only). */
const MAX_SLOT_NAME = 63;
const SLOT_SUFFIX = '_outbox_slot';

/**
 * A namespace's Debezium names: the connector and replication slot npm start registers in Debezium mode. The topic
 * prefix is Debezium's logical server name: it names the connector's JMX metrics and heartbeat topic, so two
 * namespaces on one Connect worker sharing the template's stalled each other for about two minutes ("Unable to
 * register metrics as an old set with the same name exists"). The slot name is the namespace in the characters
 * Postgres allows: an upper-case or long namespace made Connect refuse the connector after the database was set up.
 */
export function debeziumNames(namespace: string): { connector: string; slot: string; topicPrefix: string } {
  const plain = `${namespace.replace(/-/g, '_')}${SLOT_SUFFIX}`;
  // A lower-case namespace that fits keeps the name it always had; any other gets a hash of the whole namespace,
  // so "Shop" and "shop", or two long namespaces alike in their first 40 characters, never share a slot.
  const hashed = () => {
    const base = namespace.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, MAX_SLOT_NAME - SLOT_SUFFIX.length - 9);
    return `${base}_${createHash('sha256').update(namespace).digest('hex').slice(0, 8)}${SLOT_SUFFIX}`;
  };
  const slot = /^[a-z0-9_]+$/.test(plain) && plain.length <= MAX_SLOT_NAME ? plain : hashed();
  return { connector: `${namespace}-outbox`, slot, topicPrefix: `${namespace}-cdc` };
}

/**
 * Starting the built-in relay where Debezium relayed before: its connector, left registered, would publish every
 * event a second time (after a restart of its failed task), and its replication slot would hold WAL for ever.
 * Removes both, or refuses the start while the connector still reads the slot.
 */
export async function retireDebeziumRelay(
  adminUrl: string, connectUrl: string, namespace: string, say: (line: string) => void, secretsDir = connectSecretsDir(),
): Promise<void> {
  const { connector, slot } = debeziumNames(namespace);
  if (!(await replicationSlotExists(adminUrl, slot))) return;
  say(`the built-in relay replaces Debezium: removing connector ${connector} (at ${connectUrl}, if it answers) and replication slot ${slot}`);
  await removeOutboxConnector(connectUrl, adminUrl, connector, slot, secretsDir);
  if (await replicationSlotExists(adminUrl, slot)) {
    throw new Error(
      `Debezium's connector still reads replication slot ${slot}, so both relays would publish every event: delete it ` +
        `(curl -X DELETE ${connectUrl}/connectors/${connector}) or start with KAFKA_RELAY=debezium`,
    );
  }
}
