import { envReader } from '@shop/config';
import { ServiceConfig, loadServiceConfig } from '@shop/service-kit';

/** Orders settings; every value is checked at start-up. */
export interface OrdersConfig extends ServiceConfig {
  /** How long stock is held for an unpaid order; past it the saga cancels the order. */
  reservationTtlSeconds: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyTtlSeconds: number;
  /** How often the stalled-saga sweeper looks for orders past their deadline. */
  sagaSweepMs: number;
}

export function loadOrdersConfig(env: Record<string, string | undefined> = process.env): OrdersConfig {
  const read = envReader(env);
  return {
    ...loadServiceConfig(3101, env),
    reservationTtlSeconds: read.int('RESERVATION_TTL_SECONDS', 900, { min: 1 }),
    idempotencyTtlSeconds: read.int('IDEMPOTENCY_TTL_SECONDS', 86_400, { min: 60 }),
    sagaSweepMs: read.int('SAGA_SWEEP_MS', 1_000, { min: 50 }),
  };
}
