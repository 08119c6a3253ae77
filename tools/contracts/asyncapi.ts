import { AggregateType, EventContract, deprecationOf, publishedSchemaFileName, topicFor } from '@shop/contracts';

/** What the generator needs to know besides the contracts. */
export interface AsyncApiOptions {
  /** Where the message payload schemas are, relative to the AsyncAPI file. */
  schemasPath: string;
  brokers: string;
  partitions: number;
}

const AGGREGATES: Record<AggregateType, { description: string; key: string }> = {
  order: { description: 'Order lifecycle and checkout saga steps, written by the orders service (orders.order_events).', key: 'the order id' },
  reservation: { description: 'Stock reservations of an order, written by the inventory service.', key: 'the order id' },
  sku: { description: 'Catalog changes of a SKU (price, name), written by the inventory service.', key: 'the SKU id' },
  payment: { description: 'Payment attempts, captures and refunds of an order, written by the payments service.', key: 'the order id' },
};

/** Message id: `payments.payment-captured.v2` (the AsyncAPI component key pattern allows dots). */
function messageId(contract: EventContract): string {
  return `${contract.type}.v${contract.version}`;
}

function channelId(aggregateType: AggregateType): string {
  return topicFor(aggregateType);
}

/**
 * The AsyncAPI 3.0 document of everything the platform publishes: one channel per Kafka topic
 * (`shop.<aggregateType>`), one message per event type and version, key = aggregate id, the relay's headers,
 * and the payload as a reference to the published JSON Schema of the whole envelope.
 */
export function buildAsyncApi(contracts: readonly EventContract[], options: AsyncApiOptions): Record<string, unknown> {
  const aggregates = [...new Set(contracts.map((contract) => contract.aggregateType))];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const aggregate of aggregates) {
    const own = contracts.filter((contract) => contract.aggregateType === aggregate);
    const id = channelId(aggregate);
    channels[id] = {
      address: topicFor(aggregate),
      title: topicFor(aggregate),
      description: `${AGGREGATES[aggregate].description} Key = aggregateId (${AGGREGATES[aggregate].key}), so one aggregate's events stay in order within a partition.`,
      messages: Object.fromEntries(own.map((contract) => [messageId(contract), { $ref: `#/components/messages/${messageId(contract)}` }])),
      bindings: { kafka: { topic: topicFor(aggregate), partitions: options.partitions, bindingVersion: '0.5.0' } },
    };
    operations[`publish.${aggregate}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `The platform publishes ${aggregate} events`,
      description:
        'From the transactional outbox, at least once: consumers deduplicate by eventId. `sequence` numbers all events of an aggregate, ' +
        'whatever their type and version, so a consumer that reads only some of them sees gaps.',
      messages: own.map((contract) => ({ $ref: `#/channels/${id}/messages/${messageId(contract)}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Shop order platform events',
      // Minor = number of published event versions: it grows exactly when a contract version is added.
      version: `1.${contracts.length}.0`,
      description: [
        'Generated from libs/contracts by `npm run contracts:generate`; do not edit. Versioning policy: docs/contracts/VERSIONING.md.',
        'Every message value is one JSON envelope (eventId, type, version, aggregateType, aggregateId, sequence, occurredAt, correlationId, causationId, traceparent?, payload).',
        'The envelope is authoritative; the headers repeat eventId, type and version so a consumer can skip messages without parsing them.',
        'Topics are shown with the default namespace `shop`; a deployment started with KAFKA_NAMESPACE=<ns> publishes to <ns>.<aggregateType>.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: { local: { host: options.brokers, protocol: 'kafka', description: 'npm run kafka:up, then BUS=kafka KAFKA_BROKERS=127.0.0.1:9092 npm start' } },
    channels,
    operations,
    components: {
      messages: Object.fromEntries(contracts.map((contract) => [messageId(contract), message(contract, options)])),
    },
  };
}

function message(contract: EventContract, options: AsyncApiOptions): Record<string, unknown> {
  const deprecation = deprecationOf(contract.type, contract.version);
  const notice = deprecation
    ? ` Deprecated since ${deprecation.since}: superseded by v${deprecation.supersededBy}, published alongside it (same transaction, distinct eventId) at least until ${deprecation.publishedUntilAtLeast}.`
    : '';
  return {
    name: contract.type,
    title: `${contract.type} v${contract.version}`,
    summary: contract.description,
    ...(notice ? { description: notice.trim(), 'x-deprecated': true } : {}),
    contentType: 'application/json',
    headers: {
      type: 'object',
      required: ['eventId', 'type', 'version'],
      properties: {
        eventId: { type: 'string', format: 'uuid', description: 'The envelope eventId: the deduplication key.' },
        type: { type: 'string', const: contract.type },
        version: { type: 'string', const: String(contract.version), description: 'Kafka headers are strings: the envelope version as decimal text.' },
        traceparent: { type: 'string', description: 'W3C trace context of the producing span, when tracing is on.' },
      },
    },
    payload: { $ref: `${options.schemasPath}/${publishedSchemaFileName(contract)}` },
    correlationId: { description: 'One checkout keeps one correlation id across every hop.', location: '$message.payload#/correlationId' },
    bindings: {
      kafka: {
        key: { type: 'string', description: `The envelope aggregateId: ${AGGREGATES[contract.aggregateType].key}.` },
        bindingVersion: '0.5.0',
      },
    },
  };
}
