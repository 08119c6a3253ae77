import { envReader } from '@shop/config';
import { ServiceConfig, loadServiceConfig } from '@shop/service-kit';

/** Projections settings; every value is checked at start-up. */
export interface ProjectionsConfig extends ServiceConfig {
  /** Events per consumer batch (one transaction) of each projection. */
  batchSize: number;
  /**
   * Least gap between two reads of a projection after a partial batch (PROJECTION_LINGER_MS, default 500; the
   * saga's services use BUS_LINGER_MS). Under sustained load read models trail by up to half a second, and in
   * return each projection writes a few large batches instead of many small ones: 5 -> 100 ms raised checkout
   * throughput by about a quarter, 100 -> 500 ms cut the projections' CPU per order by about a third (docs/PERFORMANCE.md).
   * An event after a quiet spell is still read at once.
   */
  lingerMs: number;
}

export function loadProjectionsConfig(env: Record<string, string | undefined> = process.env): ProjectionsConfig {
  const read = envReader(env);
  return {
    ...loadServiceConfig(3104, env),
    batchSize: read.int('PROJECTION_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
    lingerMs: read.int('PROJECTION_LINGER_MS', 500, { min: 0, max: 10_000 }),
  };
}
