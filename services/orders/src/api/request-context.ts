import type { FastifyRequest } from 'fastify';
import { problems } from '@shop/service-kit';
import type { RequestContext } from '../application/request-context';

/** Correlation, actor and trace context the gateway forwards with every request. */
export function requestContext(request: FastifyRequest): RequestContext {
  const actor = request.headers['x-actor'];
  const traceparent = request.headers.traceparent;
  return {
    requestId: String(request.id),
    actor: typeof actor === 'string' && actor.length > 0 ? actor.slice(0, 200) : 'system:unknown',
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

export function idempotencyKey(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) throw problems.badRequest('the Idempotency-Key header is required (1-255 characters)', 'missing-idempotency-key');
  return key;
}
