import type { EventContract, JsonSchema } from './contract';
import { envelopeSchema } from './envelope';
import { topicFor } from './topics';

/** Base of every published schema's `$id`; the file name is the last path segment. */
export const PUBLISHED_SCHEMA_BASE = 'https://contracts.shop.local/events/';

/** Draft 7: what `new Ajv()` and most integrators' validators read without extra setup. */
export const PUBLISHED_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** `payments.payment-captured.v2.json`: one file per event type and version, never renamed once published. */
export function publishedSchemaFileName(contract: Pick<EventContract, 'type' | 'version'>): string {
  return `${contract.type}.v${contract.version}.json`;
}

/**
 * The JSON Schema integrators validate a whole message value against: the shared envelope with `type`,
 * `version` and `aggregateType` pinned to this contract and `payload` replaced by the contract's payload schema.
 * It accepts exactly what `validateEnvelope` accepts for this type and version.
 */
export function publishedSchema(contract: EventContract): JsonSchema {
  const { $id: _envelopeId, properties, ...envelope } = envelopeSchema;
  return {
    $schema: PUBLISHED_SCHEMA_DIALECT,
    $id: PUBLISHED_SCHEMA_BASE + publishedSchemaFileName(contract),
    title: `${contract.type} v${contract.version}`,
    description: `${contract.description} Kafka topic ${topicFor(contract.aggregateType)}, key = aggregateId.`,
    ...envelope,
    properties: {
      ...properties,
      type: { type: 'string', const: contract.type },
      version: { type: 'integer', const: contract.version },
      aggregateType: { type: 'string', const: contract.aggregateType },
      payload: contract.payloadSchema,
    },
  };
}
