/** A JSON Schema object, as Ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * One published event type at one version. The wire type is an explicit string (`orders.order-placed`), never a
 * class name; a breaking change gets a new version and a new contract file, and the old one stays served.
 */
export interface EventContract<Payload = unknown> {
  readonly type: string;
  readonly version: number;
  /** Aggregate type: picks the topic (`shop.<aggregateType>`) and the Kafka key is the aggregate id. */
  readonly aggregateType: AggregateType;
  readonly description: string;
  readonly payloadSchema: JsonSchema;
  /** Phantom field that carries the payload type. */
  readonly __payload?: Payload;
}

export type AggregateType = 'order' | 'reservation' | 'sku' | 'payment';

export function defineEvent<Payload>(contract: Omit<EventContract<Payload>, '__payload'>): EventContract<Payload> {
  return contract;
}

/** Schema fragments shared by the contracts. */
export const schemas = {
  id: { type: 'string', pattern: '^[1-9][0-9]{0,18}$' },
  cents: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  positiveCents: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  timestamp: { type: 'string', format: 'date-time' },
  status: { type: 'string', enum: ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] },
  text: { type: 'string', maxLength: 1000 },
} as const;

export function objectSchema(properties: Record<string, unknown>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', additionalProperties: false, properties, required };
}
