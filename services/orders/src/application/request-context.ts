import type { EventContext } from '@shop/contracts';

/** Who asked and under which correlation: passed explicitly from the controller down to the events. */
export interface RequestContext {
  requestId: string;
  actor: string;
  traceparent?: string;
}

export function eventContext(context: RequestContext): EventContext {
  return { correlationId: context.requestId, causationId: context.requestId, ...(context.traceparent ? { traceparent: context.traceparent } : {}) };
}
