import { ConfigError } from '@shop/config';
import { loadPlatformConfig } from './platform-config';
import { checkServiceConfigs } from './service-configs';

const check = (env: Record<string, string | undefined>) => checkServiceConfigs(loadPlatformConfig(env), env);

describe('checkServiceConfigs', () => {
  it.each([{}, { DATABASE_URL: 'postgres://admin:pw@db.example:5432/shop' }])('accepts the defaults with %j', (env) => {
    expect(() => check(env)).not.toThrow();
  });

  it.each([
    { env: { LOG_LEVEL: 'verbose' }, message: 'config: LOG_LEVEL must be one of fatal | error | warn | info | debug | trace | silent, got "verbose"' },
    { env: { RATE_LIMIT_PER_MINUTE: 'abc' }, message: 'config: RATE_LIMIT_PER_MINUTE must be a whole number, got "abc"' },
    { env: { DB_POOL_SIZE: '0' }, message: 'config: DB_POOL_SIZE must be >= 1, got 0' },
    { env: { PROJECTION_BATCH_SIZE: 'many' }, message: 'config: PROJECTION_BATCH_SIZE must be a whole number, got "many"' },
    { env: { PAYMENT_RECONCILE_MS: '5' }, message: 'config: PAYMENT_RECONCILE_MS must be >= 100, got 5' },
    { env: { PROVIDER_TIMEOUT_MS: '5' }, message: 'config: PROVIDER_TIMEOUT_MS must be >= 100, got 5' },
    { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_BSP_SCHEDULE_DELAY: 'soon' }, message: 'config: OTEL_BSP_SCHEDULE_DELAY must be a whole number, got "soon"' },
  ])('refuses $env with a message naming the variable', ({ env, message }) => {
    let thrown: unknown;
    try {
      check(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toBe(message);
  });
});
