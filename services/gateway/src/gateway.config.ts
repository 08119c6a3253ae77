import { ConfigError, envReader } from '@shop/config';

export const UPSTREAMS = ['orders', 'inventory', 'payments', 'projections'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

/** Gateway settings, read once at start-up; a bad value stops the process naming the variable. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** HS256 secret the bearer tokens are signed with; at least 32 characters. */
  jwtSecret: string;
  /** Base URL of each internal service, without a trailing slash. */
  upstreams: Record<Upstream, string>;
  /** Every call to a service is abandoned after this long (504). */
  upstreamTimeoutMs: number;
  /** Requests per minute per principal (or per client address without a token), as a continuously refilled bucket. */
  rateLimitPerMinute: number;
  /**
   * Where the gateway listens for order changes (its own role, gateway_svc, which may only connect). Unset: no
   * order detail cache, every read goes to the services.
   */
  databaseUrl?: string;
  /** Order details kept in memory (pattern 1), invalidated on every change; 0 turns the cache off. */
  orderCacheEntries: number;
  /** A cached order detail is read again from the services after this long even if nothing announced a change. */
  orderCacheTtlMs: number;
}

export const MIN_JWT_SECRET_LENGTH = 32;

/**
 * 1000 requests a second sustained per principal, with a burst of a minute's worth: generous enough for one admin
 * token polling hundreds of orders at once (the flash-sale scenario of the e2e suite); set it lower in front of
 * untrusted clients.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60_000;

const DEFAULT_PORTS: Record<Upstream, number> = { orders: 3101, inventory: 3102, payments: 3103, projections: 3104 };

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const read = envReader(env);
  const jwtSecret = read.string('AUTH_JWT_SECRET');
  if (jwtSecret.length < MIN_JWT_SECRET_LENGTH)
    throw new ConfigError('AUTH_JWT_SECRET', `must be at least ${MIN_JWT_SECRET_LENGTH} characters long (got ${jwtSecret.length})`);
  const upstream = (name: Upstream) =>
    read.url(`${name.toUpperCase()}_URL`, ['http:', 'https:'], `http://127.0.0.1:${DEFAULT_PORTS[name]}`).replace(/\/+$/, '');
  return {
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    host: read.string('HOST', '127.0.0.1'),
    jwtSecret,
    upstreams: { orders: upstream('orders'), inventory: upstream('inventory'), payments: upstream('payments'), projections: upstream('projections') },
    upstreamTimeoutMs: read.int('UPSTREAM_TIMEOUT_MS', 5_000, { min: 1, max: 600_000 }),
    rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, { min: 1, max: 10_000_000 }),
    databaseUrl: env.DATABASE_URL ? read.url('DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    // About 2.5 KB of heap per entry: 10,000 is ~25 MB of the 160 MB old space services start with.
    orderCacheEntries: read.int('ORDER_CACHE_ENTRIES', 10_000, { min: 0, max: 10_000_000 }),
    // The design reference's five minutes; invalidation, not expiry, is what keeps entries current.
    orderCacheTtlMs: read.int('ORDER_CACHE_TTL_MS', 300_000, { min: 0, max: 86_400_000 }),
  };
}
