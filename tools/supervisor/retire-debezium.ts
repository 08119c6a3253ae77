import { connectSecretsDir, removeOutboxConnector, replicationSlotExists } from '@shop/messaging';

/** The connector and replication slot npm start registers for a Kafka namespace in Debezium mode. */
/**
 * A namespace's Debezium names. The topic prefix is Debezium's logical server name: it names the connector's JMX
 * metrics and heartbeat topic, so two namespaces on one Connect worker sharing the template's stalled each other
 * for about two minutes ("Unable to register metrics as an old set with the same name exists").
 */
export function debeziumNames(namespace: string): { connector: string; slot: string; topicPrefix: string } {
  return { connector: `${namespace}-outbox`, slot: `${namespace.replace(/-/g, '_')}_outbox_slot`, topicPrefix: `${namespace}-cdc` };
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
