import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * kafkajs lines that report what the caller already handles: a CreateTopics answer with errors (two services
 * creating the same topic at start; the caller creates only missing topics and ignores the race), and the idempotent
 * producer's notice about bounded retries (delivery here is at least once with idempotent consumers, not EoS).
 * They go to debug, so a healthy start logs no error.
 */
const HANDLED = [/^Response CreateTopics\b/, /^Limiting retries for the idempotent producer/];

export function isHandledKafkaLine(message: string): boolean {
  return HANDLED.some((pattern) => pattern.test(message));
}

/** A kafkajs client whose log lines go to pino, at warn and above. */
export function createKafka(clientId: string, brokers: string[], log: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }) => {
      const { message, ...extra } = entry;
      if (isHandledKafkaLine(message)) log.debug({ kafka: extra }, message);
      else if (level <= logLevel.ERROR) log.error({ kafka: extra }, message);
      else log.warn({ kafka: extra }, message);
    },
  });
}
