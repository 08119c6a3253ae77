import type { AggregateType } from './contract';

/** The default namespace of topics and consumer groups; deployments sharing a Kafka cluster set their own. */
export const DEFAULT_KAFKA_NAMESPACE = 'shop';

/** Kafka topic of an aggregate type (`<namespace>.<aggregateType>`); the message key is always the aggregate id. */
export function topicFor(aggregateType: AggregateType, namespace: string = DEFAULT_KAFKA_NAMESPACE): string {
  return `${namespace}.${aggregateType}`;
}

/** Dead-letter topic of a topic. */
export function deadLetterTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

/** In the embedded mode, the Postgres table (a service's outbox) each aggregate type's events are read from. */
export const EVENT_LOG_TABLES: Record<AggregateType, string> = {
  order: 'orders.order_events',
  reservation: 'inventory.outbox',
  sku: 'inventory.outbox',
  payment: 'payments.outbox',
};

/** Every aggregate type: one Kafka topic each. */
export const AGGREGATE_TYPES = Object.keys(EVENT_LOG_TABLES) as AggregateType[];

/** The aggregate types whose events a service's outbox table holds (the topics its relay publishes to). */
export function aggregateTypesIn(table: string): AggregateType[] {
  return AGGREGATE_TYPES.filter((type) => EVENT_LOG_TABLES[type] === table);
}
