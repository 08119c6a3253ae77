import { loadPlatformConfig } from './platform-config';

describe('loadPlatformConfig', () => {
  it('defaults Kafka Connect and the namespace', () => {
    expect(loadPlatformConfig({})).toMatchObject({ connectUrl: 'http://127.0.0.1:8083', kafkaNamespace: 'shop', host: '127.0.0.1', port: 3000 });
  });

  it.each([
    { env: { CONNECT_URL: 'connect:8083' }, message: /CONNECT_URL must use http: or https:/ },
    { env: { CONNECT_URL: 'not a url' }, message: /CONNECT_URL must be a URL/ },
    { env: { KAFKA_NAMESPACE: 'shop.prod' }, message: /KAFKA_NAMESPACE may hold only letters, digits, _ and -/ },
    { env: { AUTH_JWT_SECRET: 'short' }, message: /AUTH_JWT_SECRET must be at least 32 characters/ },
    { env: { PORT: '70000' }, message: /PORT/ },
    { env: { DATA_DIR: __filename }, message: /config: DATA_DIR must be a directory \(created if missing\), but .* is a file/ },
  ])('refuses $env before anything starts', ({ env, message }) => {
    expect(() => loadPlatformConfig(env)).toThrow(message);
  });
});
