import { ProblemError, problems } from '@shop/service-kit';
import { AccessFacts, Fact, Resource, authorize } from '../domain/access-policy';
import type { GatewayContext } from './gateway-context';

/** Loads one fact the policy asked for (the order, the SKU, the payment, the payment's order). */
export type FactLoader = (fact: Fact) => Promise<Partial<AccessFacts>>;

/**
 * Applies the access policy, loading the facts it needs one at a time; throws the 403 or 404 problem when it
 * refuses. A hidden resource reads exactly like a missing one (`order 42 was not found`).
 */
export async function enforce(
  context: GatewayContext,
  facts: AccessFacts,
  load: FactLoader,
  notFound: Partial<Record<Resource, string>>,
): Promise<AccessFacts> {
  for (let round = 0; round < 5; round++) {
    const decision = authorize(context.operation, context.principal, facts);
    if (decision.effect === 'allow') return facts;
    if (decision.effect === 'deny') {
      if (decision.status === 403) throw problems.forbidden(decision.detail);
      throw problems.notFound(notFound[decision.resource] ?? decision.resource);
    }
    Object.assign(facts, await load(decision.fact));
  }
  throw new ProblemError(500, 'internal', 'the access policy did not reach a decision');
}

export const noFacts: FactLoader = async (fact) => {
  throw new Error(`no loader for ${fact}`);
};
