import { kafkaBrokerList, kafkaNamespace } from '@shop/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import type { PlatformState } from './running-platform';

/** Where a platform's Kafka is: its brokers and the namespace of its topics and groups. */
export interface KafkaCoordinates {
  brokers: string[];
  namespace: string;
}

/**
 * The Kafka an operator tool reads: KAFKA_BROKERS (and KAFKA_NAMESPACE) when set, else the running npm start's in
 * Kafka mode, else `fallback` (undefined: no Kafka to read).
 */
export function kafkaTarget(
  env: { brokers?: string; namespace?: string },
  platform: PlatformState,
  fallback?: KafkaCoordinates,
): KafkaCoordinates | undefined {
  const running = platform.running ? platform.runtime.kafka : undefined;
  const found = env.brokers ? { brokers: kafkaBrokerList(env.brokers), namespace: running?.namespace ?? 'shop' } : (running ?? fallback);
  return found && { ...found, namespace: env.namespace ?? found.namespace };
}

/** A kafkajs client for a one-shot tool: silent, and quick to give up on a broker that is not there. */
export function operatorKafka(clientId: string, brokers: string[]): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 2 } });
}

/** KAFKA_NAMESPACE when set, checked as the services check it. */
export function optionalNamespace(value: string | undefined): string | undefined {
  return value === undefined ? undefined : kafkaNamespace(value);
}
