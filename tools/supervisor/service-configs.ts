import { SERVICE_ROLES, ServiceRole } from '@shop/postgres';
import { logLevel, tracingExport } from '@shop/service-kit';
import { loadGatewayConfig } from '../../services/gateway/src/gateway.config';
import { loadInventoryConfig } from '../../services/inventory/src/inventory.config';
import { loadOrdersConfig } from '../../services/orders/src/orders.config';
import { loadPaymentsConfig } from '../../services/payments/src/payments.config';
import { loadProjectionsConfig } from '../../services/projections/src/projections.config';
import type { PlatformConfig } from './platform-config';
import { serviceSpecs } from './service-specs';

type Env = Record<string, string | undefined>;

// Each service's own reader, so the rules live in one place.
const LOADERS: Record<string, (env: Env) => unknown> = {
  gateway: loadGatewayConfig,
  orders: loadOrdersConfig,
  inventory: loadInventoryConfig,
  payments: loadPaymentsConfig,
  projections: loadProjectionsConfig,
};

/**
 * Reads every service's settings from the environment the supervisor would give it, throwing the first
 * ConfigError: a bad value then stops npm start before anything starts, instead of crash-looping a service.
 * The database URLs, passwords and a generated secret are not known yet; the supervisor makes them, always valid.
 */
export function checkServiceConfigs(config: PlatformConfig, env: Env = process.env): void {
  const adminUrl = config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedPgPort}/shop`;
  const passwords = Object.fromEntries(SERVICE_ROLES.map((role) => [role, 'not-yet-generated'])) as Record<ServiceRole, string>;
  for (const spec of serviceSpecs(config, adminUrl, passwords, config.jwtSecret ?? 'not-yet-generated'.repeat(2))) {
    const serviceEnv = { ...env, ...spec.env };
    const load = LOADERS[spec.name];
    if (!load) throw new Error(`no configuration reader for the ${spec.name} service`);
    load(serviceEnv);
    // Read by every service outside its config loader (createLogger, initTracing).
    logLevel(serviceEnv);
    tracingExport(serviceEnv);
  }
}
