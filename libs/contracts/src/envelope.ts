import { randomBytes, randomUUID } from 'node:crypto';
import type { AggregateType, EventContract } from './contract';

/** The one envelope every message travels in, on the Postgres log and on Kafka alike. */
export interface EventEnvelope<Payload = unknown> {
  eventId: string;
  type: string;
  version: number;
  aggregateType: AggregateType;
  aggregateId: string;
  /** Position of this event among its aggregate's events, from 1; consumers can detect gaps with it. */
  sequence: number;
  occurredAt: string;
  /** The request (or saga) this event belongs to: one checkout keeps one correlation id across every hop. */
  correlationId: string;
  /** The event id (or request id) that directly caused this one. */
  causationId: string;
  /** W3C trace context of the producing span, if tracing is on. */
  traceparent?: string;
  payload: Payload;
}

export const envelopeSchema = {
  $id: 'https://contracts.shop.local/envelope.json',
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'type', 'version', 'aggregateType', 'aggregateId', 'sequence', 'occurredAt', 'correlationId', 'causationId', 'payload'],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: '^[a-z]+\\.[a-z0-9-]+$' },
    version: { type: 'integer', minimum: 1 },
    aggregateType: { type: 'string', enum: ['order', 'reservation', 'sku', 'payment'] },
    aggregateId: { type: 'string', minLength: 1, maxLength: 100 },
    sequence: { type: 'integer', minimum: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string', minLength: 1, maxLength: 200 },
    causationId: { type: 'string', minLength: 1, maxLength: 200 },
    traceparent: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
    payload: { type: 'object' },
  },
} as const;

/** Where an event comes from: the correlation it continues and the message that caused it. */
export interface EventContext {
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

/** Builds an envelope for `contract`; the sequence is filled in by the outbox writer under the aggregate lock. */
export function newEvent<Payload>(
  contract: EventContract<Payload>,
  aggregateId: string,
  payload: Payload,
  context: EventContext,
  occurredAt: Date = new Date(),
): EventEnvelope<Payload> {
  return {
    eventId: randomUUID(),
    type: contract.type,
    version: contract.version,
    aggregateType: contract.aggregateType,
    aggregateId,
    sequence: 0,
    occurredAt: occurredAt.toISOString(),
    correlationId: context.correlationId,
    causationId: context.causationId,
    traceparent: context.traceparent ?? rootTraceparent(),
    payload,
  };
}

/**
 * A trace of its own for an event no request or event caused (a sweeper's, a reconciler's): its consumers' spans
 * join it, and every message carries a traceparent (Debezium's router would otherwise send a null header).
 */
export function rootTraceparent(): string {
  const ids = randomBytes(24).toString('hex');
  return `00-${ids.slice(0, 32)}-${ids.slice(32)}-01`;
}

/** The context for events caused by `cause`: same correlation and trace, causation = the cause's event id. */
export function causedBy(cause: EventEnvelope): EventContext {
  return { correlationId: cause.correlationId, causationId: cause.eventId, ...(cause.traceparent ? { traceparent: cause.traceparent } : {}) };
}
