import type { Principal } from '@shop/service-kit';
import type { Operation } from '../domain/access-policy';
import { actorOf } from '../domain/access-policy';
import type { CallContext } from './upstream.client';

/**
 * One authenticated, validated public request, passed explicitly to every use case: who asks, the normalised
 * path, query and body (ids as strings), and the correlation context to forward.
 */
export interface GatewayContext {
  operation: Operation;
  principal: Principal;
  requestId: string;
  traceparent: string;
  idempotencyKey?: string;
  params: Record<string, any>;
  query: Record<string, any>;
  body: any;
  /** The client sent `Cache-Control: no-cache`: read through to the services, as HTTP caches do. */
  noCache?: boolean;
  /** The order the request concerns, for the access log: the path's for an order route, a new order's once placed. */
  orderId?: string;
}

export function callContext(context: GatewayContext): CallContext {
  return { requestId: context.requestId, traceparent: context.traceparent, actor: actorOf(context.principal) };
}
