import { envReader } from '@shop/config';
import { ServiceConfig, loadServiceConfig } from '@shop/service-kit';

/** Projections settings; every value is checked at start-up. */
export interface ProjectionsConfig extends ServiceConfig {
  /** Events per consumer batch (one transaction) of each projection. */
  batchSize: number;
}

export function loadProjectionsConfig(env: Record<string, string | undefined> = process.env): ProjectionsConfig {
  return { ...loadServiceConfig(3104, env), batchSize: envReader(env).int('PROJECTION_BATCH_SIZE', 500, { min: 1, max: 10_000 }) };
}
