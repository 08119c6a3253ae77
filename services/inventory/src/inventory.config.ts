import { envReader } from '@shop/config';
import { ServiceConfig, loadServiceConfig } from '@shop/service-kit';

/** Inventory settings; every value is checked at start-up. */
export interface InventoryConfig extends ServiceConfig {
  /** Safety net: a reservation whose order was never confirmed is released this long after its expiry. */
  expiryGraceSeconds: number;
}

export function loadInventoryConfig(env: Record<string, string | undefined> = process.env): InventoryConfig {
  return { ...loadServiceConfig(3102, env), expiryGraceSeconds: envReader(env).int('RESERVATION_EXPIRY_GRACE_SECONDS', 300, { min: 0 }) };
}
