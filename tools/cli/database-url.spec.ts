import { adminDatabaseUrl } from './database-url';
import { PlatformState } from './running-platform';

const running: PlatformState = { running: true, runtime: { supervisorPid: 1, adminUrl: 'postgres://admin@127.0.0.1:54329/shop', gateway: '', services: {} } };
const stopped: PlatformState = { running: false, why: '.data/runtime.json is left from a stopped npm start, pid 1' };

describe('adminDatabaseUrl', () => {
  it.each([
    { env: { DATABASE_URL: 'postgres://u@db/shop' }, platform: stopped, url: 'postgres://u@db/shop' },
    // DATABASE_URL wins over a running platform, as with check:invariants.
    { env: { DATABASE_URL: 'postgresql://u@db/shop' }, platform: running, url: 'postgresql://u@db/shop' },
    { env: {}, platform: running, url: 'postgres://admin@127.0.0.1:54329/shop' },
  ])('uses $url', ({ env, platform, url }) => {
    expect(adminDatabaseUrl(env, () => platform)).toBe(url);
  });

  it.each([
    {
      env: {},
      error:
        'DATABASE_URL is not set and the platform is not running (.data/runtime.json is left from a stopped npm start, pid 1): start it with npm start or set DATABASE_URL',
    },
    { env: { DATABASE_URL: 'mysql://u@db/shop' }, error: 'DATABASE_URL must use postgres: or postgresql:' },
  ])('refuses $env', ({ env, error }) => {
    expect(() => adminDatabaseUrl(env, () => stopped)).toThrow(error);
  });

  it('looks in DATA_DIR, default ./.data', () => {
    const dirs: string[] = [];
    const look = (dir: string) => (dirs.push(dir), running);
    adminDatabaseUrl({}, look);
    adminDatabaseUrl({ DATA_DIR: '/tmp/elsewhere' }, look);
    expect(dirs).toEqual(['./.data', '/tmp/elsewhere']);
  });
});
