import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { GatewayContext } from '../application/gateway-context';

/** What the gateway's Fastify hooks record about a request before Nest sees it. */
export interface RequestMeta {
  /** The client's X-Request-Id when it is a plain token, else a fresh UUID; forwarded, echoed and logged. */
  requestId: string;
  traceparent: string;
  /** The raw body as received (for the card-number scan of numbers JSON cannot carry exactly). */
  rawBody: Buffer[];
  /** Role of the authenticated caller, for the access log. */
  role?: string;
}

const metas = new WeakMap<object, RequestMeta>();
const contexts = new WeakMap<object, GatewayContext>();

export function setMeta(request: FastifyRequest, meta: RequestMeta): void {
  metas.set(request, meta);
}

export function metaOf(request: FastifyRequest): RequestMeta | undefined {
  return metas.get(request);
}

/** The validated request of a routed call, once the guard let it through (the access log reads its orderId). */
export function gatewayContextOf(request: FastifyRequest): GatewayContext | undefined {
  return contexts.get(request);
}

export function setGatewayContext(request: FastifyRequest, context: GatewayContext): void {
  contexts.set(request, context);
}

/** The validated request the guard prepared: `handler(@Ctx() context: GatewayContext)`. */
export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext): GatewayContext => {
  const context = contexts.get(execution.switchToHttp().getRequest());
  if (!context) throw new Error('the gateway guard did not run for this route');
  return context;
});
