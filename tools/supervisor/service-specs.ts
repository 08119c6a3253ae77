import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { ServiceRole, withCredentials } from '@shop/postgres';
import type { PlatformConfig } from './platform-config';
import type { ServiceSpec } from './supervisor';

/** Offsets from INTERNAL_PORT_BASE of each backend service. */
export const INTERNAL_PORTS = { orders: 1, inventory: 2, payments: 3, projections: 4 } as const;

function script(service: string): string {
  return join(repoRoot(), 'dist/services', service, 'src/main.js');
}

/** What each process gets: its port, its own role's database URL, the bus settings. */
export function serviceSpecs(config: PlatformConfig, adminUrl: string, passwords: Record<ServiceRole, string>, jwtSecret: string): ServiceSpec[] {
  const port = (service: keyof typeof INTERNAL_PORTS) => config.internalPortBase + INTERNAL_PORTS[service];
  const url = (service: keyof typeof INTERNAL_PORTS) => `http://127.0.0.1:${port(service)}`;
  const dbUrl = (role: ServiceRole) => withCredentials(adminUrl, role, passwords[role]);
  // HOST is the gateway's address. A backend's internal API has no auth and is called only on loopback, so HOST
  // from the environment (e.g. 0.0.0.0 in a container) must not open it to the network.
  const bus: Record<string, string> = { HOST: '127.0.0.1', BUS: config.bus, KAFKA_RELAY: config.kafkaRelay, ...(config.kafkaBrokers ? { KAFKA_BROKERS: config.kafkaBrokers } : {}) };
  return [
    { name: 'orders', script: script('orders'), env: { ...bus, PORT: String(port('orders')), DATABASE_URL: dbUrl('orders_svc'), RESERVATION_TTL_SECONDS: String(config.reservationTtlSeconds) } },
    { name: 'inventory', script: script('inventory'), env: { ...bus, PORT: String(port('inventory')), DATABASE_URL: dbUrl('inventory_svc') } },
    {
      name: 'payments',
      script: script('payments'),
      env: { ...bus, PORT: String(port('payments')), DATABASE_URL: dbUrl('payments_svc'), PAYMENT_PROVIDER: config.paymentProvider, PROVIDER_DATABASE_URL: dbUrl('provider_sim') },
    },
    { name: 'projections', script: script('projections'), env: { ...bus, PORT: String(port('projections')), DATABASE_URL: dbUrl('projections_svc') } },
    {
      name: 'gateway',
      script: script('gateway'),
      env: {
        PORT: String(config.port),
        HOST: config.host,
        AUTH_JWT_SECRET: jwtSecret,
        // Only to listen for order changes (the order detail cache); gateway_svc may read no table.
        DATABASE_URL: dbUrl('gateway_svc'),
        ORDERS_URL: url('orders'),
        INVENTORY_URL: url('inventory'),
        PAYMENTS_URL: url('payments'),
        PROJECTIONS_URL: url('projections'),
      },
    },
  ];
}
