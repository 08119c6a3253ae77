import { randomBytes } from 'node:crypto';
import { SkuChangedV1Contract, deadLetterTopicFor, topicFor } from '@shop/contracts';
import { MessageBus, subscribe } from '@shop/messaging';
import { waitFor } from '@shop/testing';
import pino from 'pino';
import { connectSecretsDir } from '../../../libs/messaging/src/connect-secrets';
import { registerOutboxConnector, removeOutboxConnector } from '../../../libs/messaging/src/debezium-connector';
import { deleteNamespace, ensureTopics, testKafka, uniqueKafkaName } from '../../../libs/testing/src/kafka';
import type { BenchDatabase } from './database';
import type { BenchMode } from './options';

export interface BusUnderTest {
  /** Starts relay/connector and consumer; `onEvent` is called by the handler with each event id. */
  start(onEvent: (eventId: string) => void): Promise<void>;
  /** Stops consumer and relay (as a deploy would), so a backlog can build up; not in debezium mode. */
  pause(): Promise<void>;
  /** Starts them again as new instances, continuing from their checkpoints. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' });

/**
 * The bus as a service runs it, for one mode: a MessageBus consumer group (fresh group name and Kafka namespace,
 * so it owns no history), plus in kafka mode the built-in relay (a second MessageBus, as the inventory service runs it) and in
 * debezium mode the outbox connector registered against this database.
 */
export function busUnderTest(mode: BenchMode, db: BenchDatabase, tuning: { batchSize?: number; pollMs?: number }): BusUnderTest {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const group = uniqueKafkaName(`bench-${mode}`);
  // Topics and group ids of this run alone (the broker is shared), deleted when the mode is done.
  const namespace = uniqueKafkaName('bench');
  const topic = topicFor('sku', namespace);
  const settings = {
    mode: mode === 'postgres' ? ('postgres' as const) : ('kafka' as const), kafkaBrokers: brokers, kafkaNamespace: namespace,
    kafkaRelay: mode === 'debezium' ? ('debezium' as const) : ('builtin' as const),
  };
  const connectUrl = process.env.CONNECT_URL ?? '';
  const secretsDir = connectSecretsDir();
  const slot = group.replace(/[^a-z0-9]/g, '_');
  let consumer: MessageBus | undefined;
  let relay: MessageBus | undefined;
  let connector: string | undefined;

  let handler: (eventId: string) => void = () => undefined;
  const startRunning = async () => {
    if (mode === 'kafka') {
      relay = new MessageBus({ service: 'inventory', group: 'inventory', schema: 'inventory', pool: db.relay, subscriptions: [], log, settings, outboxTable: 'inventory.outbox', ...tuning });
      await relay.start();
    }
    consumer = new MessageBus({
      service: 'bench', group, schema: 'readmodels', pool: db.consumer, log, settings, ...tuning,
      subscriptions: [subscribe(SkuChangedV1Contract, async (event) => handler(event.eventId))],
    });
    await consumer.start();
  };
  const stopRunning = async () => {
    await consumer?.stop();
    await relay?.stop();
    consumer = relay = undefined;
  };

  return {
    async start(onEvent) {
      handler = onEvent;
      if (mode !== 'postgres') await ensureTopics(testKafka(brokers, 'bench'), [topic]);
      if (mode === 'debezium') {
        connector = await registerOutboxConnector(connectUrl, db.adminUrl, {
          overrides: { name: group, 'slot.name': slot, 'transforms.outbox.route.topic.replacement': `${namespace}.\${routedByValue}` }, cdcPassword: randomBytes(18).toString('base64url'), secretsDir,
        });
        // snapshot.mode=no_data: only rows committed after the slot streams are published.
        await waitFor('the replication slot to stream', async () => {
          const { rows } = await db.producers.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active AND confirmed_flush_lsn IS NOT NULL', [slot]);
          return rows.length === 1 ? true : undefined;
        }, 60_000, 100);
      }
      await startRunning();
    },
    async pause() {
      if (mode === 'debezium') throw new Error('the debezium mode has no drain phase');
      await stopRunning();
    },
    resume: startRunning,
    async stop() {
      await stopRunning();
      if (connector) await removeOutboxConnector(connectUrl, db.adminUrl, connector, slot, secretsDir);
      if (mode !== 'postgres') await deleteNamespace(testKafka(brokers, 'bench'), [topic, deadLetterTopicFor(topic)], [`${namespace}.${group}`]);
    },
  };
}
