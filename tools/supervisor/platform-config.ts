import { existsSync, statSync } from 'node:fs';
import { ConfigError, envReader, redact } from '@shop/config';
import { kafkaNamespace } from '@shop/service-kit';

/** Settings of `npm start` (the embedded default and DATABASE_URL mode); see README and API.md. */
export interface PlatformConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Without it, the project starts its own Postgres on `embeddedPgPort`. */
  databaseUrl?: string;
  embeddedPgPort: number;
  internalPortBase: number;
  bus: 'postgres' | 'kafka';
  kafkaBrokers?: string;
  kafkaRelay: 'builtin' | 'debezium';
  /** Kafka Connect's REST address, where the Debezium outbox connector is registered (KAFKA_RELAY=debezium). */
  connectUrl: string;
  kafkaNamespace: string;
  jwtSecret?: string;
  reservationTtlSeconds: number;
  paymentProvider: 'simulated';
  /** Password for every service role; random per start unless given (tests pin it). */
  serviceDbPassword?: string;
}

export function loadPlatformConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  const read = envReader(env);
  const bus = read.oneOf('BUS', ['postgres', 'kafka'] as const, 'postgres');
  const databaseUrl = env.DATABASE_URL ? read.url('DATABASE_URL', ['postgres:', 'postgresql:']) : undefined;
  const secret = read.optionalString('AUTH_JWT_SECRET');
  if (secret !== undefined && secret.length < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters');
  const dataDir = read.string('DATA_DIR', './.data');
  // Created when missing; a file there would fail later as a bare EEXIST from mkdir.
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new ConfigError('DATA_DIR', `must be a directory (created if missing), but ${dataDir} is a file`);
  return {
    port: read.int('PORT', 3000, { min: 1, max: 65535 }),
    host: read.string('HOST', '127.0.0.1'),
    dataDir,
    databaseUrl,
    embeddedPgPort: read.int('PGPORT', 54329, { min: 1, max: 65535 }),
    internalPortBase: read.int('INTERNAL_PORT_BASE', 3100, { min: 1, max: 65000 }),
    bus,
    kafkaBrokers: bus === 'kafka' ? read.string('KAFKA_BROKERS', '127.0.0.1:9092') : read.optionalString('KAFKA_BROKERS'),
    kafkaRelay: read.oneOf('KAFKA_RELAY', ['builtin', 'debezium'] as const, 'builtin'),
    connectUrl: read.url('CONNECT_URL', ['http:', 'https:'], 'http://127.0.0.1:8083'),
    kafkaNamespace: kafkaNamespace(read.string('KAFKA_NAMESPACE', 'shop')),
    jwtSecret: secret,
    reservationTtlSeconds: read.int('RESERVATION_TTL_SECONDS', 900, { min: 1 }),
    paymentProvider: read.oneOf('PAYMENT_PROVIDER', ['simulated'] as const, 'simulated'),
    serviceDbPassword: read.optionalString('SERVICE_DB_PASSWORD'),
  };
}

export function describeDatabase(config: PlatformConfig): string {
  return config.databaseUrl ? redact(config.databaseUrl) : `embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (data in ${config.dataDir}/postgres)`;
}
