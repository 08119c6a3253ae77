import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

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
      if (level <= logLevel.ERROR) log.error({ kafka: extra }, message);
      else log.warn({ kafka: extra }, message);
    },
  });
}
