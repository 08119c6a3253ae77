import { ConfigError, envReader } from '@shop/config';

export type BusMode = 'postgres' | 'kafka';
export type KafkaRelay = 'builtin' | 'debezium';

/** Settings every backend service reads at start-up. */
export interface ServiceConfig {
  /** Port this service's HTTP API listens on (loopback unless HOST is set). */
  port: number;
  host: string;
  /** URL for this service's own database role; it can use only its own schema. */
  databaseUrl: string;
  bus: BusMode;
  kafkaBrokers: string[];
  /** Who moves the outbox to Kafka: the services themselves, or Debezium via Kafka Connect. */
  kafkaRelay: KafkaRelay;
  /** Prefix of topics and consumer groups, so several deployments can share one cluster. */
  kafkaNamespace: string;
  /**
   * Connections of the service's pool (DB_POOL_SIZE, default 20). At 10, checkout POSTs queued for a connection
   * behind the consumer loops while the CPU was not busy (248 vs 319 orders/s at 48 clients).
   */
  poolSize: number;
  /** Embedded log readers: least gap between two reads after a partial batch (see ReaderPacing). */
  busLingerMs: number;
  /**
   * Days an inbox row (an event id a consumer group handled) is kept. In Kafka mode it must exceed every topic's
   * retention (checkInboxRetention); 45 outlasts the longest in infra/kafka/topics.json, 30 days.
   */
  inboxRetentionDays: number;
}

export function loadServiceConfig(defaultPort: number, env: Record<string, string | undefined> = process.env): ServiceConfig {
  const read = envReader(env);
  const bus = read.oneOf('BUS', ['postgres', 'kafka'] as const, 'postgres');
  const brokers = read.optionalString('KAFKA_BROKERS');
  if (bus === 'kafka' && brokers === undefined) throw new ConfigError('KAFKA_BROKERS', 'is required when BUS=kafka (e.g. 127.0.0.1:9092)');
  return {
    port: read.int('PORT', defaultPort, { min: 1, max: 65535 }),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    bus,
    kafkaBrokers: kafkaBrokerList(brokers ?? '127.0.0.1:9092'),
    kafkaRelay: read.oneOf('KAFKA_RELAY', ['builtin', 'debezium'] as const, 'builtin'),
    kafkaNamespace: kafkaNamespace(read.string('KAFKA_NAMESPACE', 'shop')),
    poolSize: read.int('DB_POOL_SIZE', 20, { min: 1, max: 100 }),
    busLingerMs: read.int('BUS_LINGER_MS', 5, { min: 0, max: 1000 }),
    inboxRetentionDays: read.int('INBOX_RETENTION_DAYS', 45, { min: 1, max: 36_500 }),
  };
}

/** Topic and consumer-group prefix: it ends up in topic names, connector names and a replication slot's name. */
export function kafkaNamespace(value: string): string {
  if (!/^[a-zA-Z0-9_-]{1,100}$/.test(value)) throw new ConfigError('KAFKA_NAMESPACE', `may hold only letters, digits, _ and -, got "${value}"`);
  return value;
}

/** KAFKA_BROKERS as kafkajs takes it: `host:port` entries, comma-separated, blanks ignored. */
export function kafkaBrokerList(value: string): string[] {
  return value.split(',').map((broker) => broker.trim()).filter(Boolean);
}
