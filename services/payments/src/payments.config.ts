import { envReader } from '@shop/config';
import { ServiceConfig, loadServiceConfig } from '@shop/service-kit';

/** Payments settings; every value is checked at start-up. */
export interface PaymentsConfig extends ServiceConfig {
  provider: 'simulated';
  /** The simulated provider's own database login (schema provider_sim). */
  providerDatabaseUrl: string;
  reconcileEveryMs: number;
  /** Deadline of one provider call; past it the outcome is unknown and the reconciler settles the payment by key. */
  providerTimeoutMs: number;
}

export function loadPaymentsConfig(env: Record<string, string | undefined> = process.env): PaymentsConfig {
  const read = envReader(env);
  return {
    ...loadServiceConfig(3103, env),
    provider: read.oneOf('PAYMENT_PROVIDER', ['simulated'] as const, 'simulated'),
    providerDatabaseUrl: read.url('PROVIDER_DATABASE_URL', ['postgres:', 'postgresql:']),
    reconcileEveryMs: read.int('PAYMENT_RECONCILE_MS', 2_000, { min: 100 }),
    providerTimeoutMs: read.int('PROVIDER_TIMEOUT_MS', 5_000, { min: 100 }),
  };
}
