import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../application/catalog.service';

/** The correlation (request id) and trace context a request carries into the events it causes. */
export function requestContext(request: FastifyRequest): RequestContext {
  const traceparent = request.headers.traceparent;
  return { requestId: String(request.id), ...(typeof traceparent === 'string' ? { traceparent } : {}) };
}
