import { ProblemError } from '@shop/service-kit';
import { withQuery } from '../domain/request-context';
import type { GatewayContext } from '../application/gateway-context';
import { callContext } from '../application/gateway-context';
import type { UpstreamClient } from '../application/upstream.client';
import type { Upstream } from '../gateway.config';
import { BUS_SERVICES, DEAD_LETTERS_DEFAULT, RECENT_ORDERS_DEFAULT } from './admin-requests';
import { InternalBusStatus, InternalDeadLetter, busGroups, deadLetterRows, newestFirst } from './bus-overview';

/** A service the overview could not ask, so the page can say so instead of failing as a whole. */
export interface Unavailable {
  service: Upstream;
  status: number;
  detail: string;
}

/** The operator routes: recent orders (orders service) and every service's bus lag and dead letters. */
export class OperationsService {
  constructor(private readonly upstream: UpstreamClient) {}

  recentOrders(context: GatewayContext) {
    const limit: number = context.query.limit ?? RECENT_ORDERS_DEFAULT;
    return this.upstream.call('orders', { method: 'GET', path: withQuery('/internal/orders/recent', { limit }) }, callContext(context));
  }

  async bus(context: GatewayContext) {
    const { answers, unavailable } = await this.askEveryService<InternalBusStatus>(context, '/internal/bus');
    return { groups: answers.flatMap(([service, status]) => busGroups(service, status)), unavailable };
  }

  async deadLetters(context: GatewayContext) {
    const limit: number = context.query.limit ?? DEAD_LETTERS_DEFAULT;
    // Each service's newest: newestFirst below merges them, and the oldest would hide the latest failures.
    const path = withQuery('/internal/bus/dead-letters', { limit, order: 'newest' });
    const { answers, unavailable } = await this.askEveryService<{ items: InternalDeadLetter[] }>(context, path);
    return { items: newestFirst(answers.flatMap(([service, page]) => deadLetterRows(service, page.items ?? []))), unavailable };
  }

  async redrive(context: GatewayContext) {
    const { service, ids } = context.body as { service: Upstream; ids?: string[] };
    const result = await this.upstream.call<{ redriven: string[]; failed: { id: string; error: string }[]; notFound?: string[] }>(
      service,
      { method: 'POST', path: '/internal/bus/dead-letters/redrive', body: ids ? { ids } : {} },
      callContext(context),
    );
    return { service, redriven: result.redriven ?? [], failed: result.failed ?? [], notFound: result.notFound ?? [] };
  }

  /** The same GET to every service at once; one that is down or slow is reported, the others still answer. */
  private async askEveryService<T>(context: GatewayContext, path: string): Promise<{ answers: [Upstream, T][]; unavailable: Unavailable[] }> {
    const settled = await Promise.allSettled(BUS_SERVICES.map((service) => this.upstream.call<T>(service, { method: 'GET', path }, callContext(context))));
    const answers: [Upstream, T][] = [];
    const unavailable: Unavailable[] = [];
    settled.forEach((outcome, index) => {
      const service = BUS_SERVICES[index];
      if (outcome.status === 'fulfilled') answers.push([service, outcome.value]);
      else if (outcome.reason instanceof ProblemError) unavailable.push({ service, status: outcome.reason.status, detail: outcome.reason.message });
      else throw outcome.reason;
    });
    return { answers, unavailable };
  }
}
