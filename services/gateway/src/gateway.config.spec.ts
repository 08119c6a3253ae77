import { ConfigError } from '@shop/config';
import { loadGatewayConfig } from './gateway.config';

const SECRET = 's'.repeat(32);

describe('loadGatewayConfig', () => {
  it('has defaults for everything but the secret', () => {
    expect(loadGatewayConfig({ AUTH_JWT_SECRET: SECRET })).toEqual({
      port: 3000,
      host: '127.0.0.1',
      jwtSecret: SECRET,
      upstreams: {
        orders: 'http://127.0.0.1:3101',
        inventory: 'http://127.0.0.1:3102',
        payments: 'http://127.0.0.1:3103',
        projections: 'http://127.0.0.1:3104',
      },
      upstreamTimeoutMs: 5000,
      rateLimitPerMinute: 60_000,
      databaseUrl: undefined,
      orderCacheEntries: 10_000,
      orderCacheTtlMs: 300_000,
    });
  });

  it('reads every setting', () => {
    const config = loadGatewayConfig({
      AUTH_JWT_SECRET: SECRET,
      PORT: '8080',
      HOST: '0.0.0.0',
      ORDERS_URL: 'http://orders:1/',
      INVENTORY_URL: 'https://inventory',
      PAYMENTS_URL: 'http://p:2',
      PROJECTIONS_URL: 'http://q:3',
      UPSTREAM_TIMEOUT_MS: '250',
      RATE_LIMIT_PER_MINUTE: '5',
      DATABASE_URL: 'postgres://gateway_svc:pw@db:5432/shop',
      ORDER_CACHE_ENTRIES: '0',
      ORDER_CACHE_TTL_MS: '1000',
    });
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', upstreamTimeoutMs: 250, rateLimitPerMinute: 5,
      databaseUrl: 'postgres://gateway_svc:pw@db:5432/shop', orderCacheEntries: 0, orderCacheTtlMs: 1000,
    });
    expect(config.upstreams).toEqual({ orders: 'http://orders:1', inventory: 'https://inventory', payments: 'http://p:2', projections: 'http://q:3' });
  });

  it.each([
    [{}, 'AUTH_JWT_SECRET', 'is required'],
    [{ AUTH_JWT_SECRET: 's'.repeat(31) }, 'AUTH_JWT_SECRET', 'at least 32'],
    [{ AUTH_JWT_SECRET: SECRET, PORT: 'http' }, 'PORT', 'whole number'],
    [{ AUTH_JWT_SECRET: SECRET, PORT: '70000' }, 'PORT', '<= 65535'],
    [{ AUTH_JWT_SECRET: SECRET, ORDERS_URL: 'not a url' }, 'ORDERS_URL', 'must be a URL'],
    [{ AUTH_JWT_SECRET: SECRET, PAYMENTS_URL: 'ftp://x' }, 'PAYMENTS_URL', 'must use http: or https:'],
    [{ AUTH_JWT_SECRET: SECRET, UPSTREAM_TIMEOUT_MS: '0' }, 'UPSTREAM_TIMEOUT_MS', '>= 1'],
    [{ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '-5' }, 'RATE_LIMIT_PER_MINUTE', '>= 1'],
    [{ AUTH_JWT_SECRET: SECRET, DATABASE_URL: 'http://db' }, 'DATABASE_URL', 'must use postgres: or postgresql:'],
    [{ AUTH_JWT_SECRET: SECRET, ORDER_CACHE_TTL_MS: 'soon' }, 'ORDER_CACHE_TTL_MS', 'whole number'],
    [{ AUTH_JWT_SECRET: SECRET, ORDER_CACHE_ENTRIES: '-1' }, 'ORDER_CACHE_ENTRIES', '>= 0'],
  ])('%j fails on %s (%s)', (env, variable, message) => {
    let error: unknown;
    try {
      loadGatewayConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(message);
  });
});
