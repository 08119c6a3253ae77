import { tokenCommandPrefix } from './token-hint';

describe('tokenCommandPrefix', () => {
  it.each([
    ['the default data dir', './.data', {}, ''],
    ['the default spelled otherwise', '/repo/.data', {}, ''],
    ['another data dir', '/tmp/shop-data', {}, 'DATA_DIR=/tmp/shop-data '],
    ['a secret given by the environment', '/tmp/shop-data', { AUTH_JWT_SECRET: 's3cret-value' }, 'AUTH_JWT_SECRET=<the same secret> '],
  ])('%s', (_what, dataDir, env, prefix) => {
    expect(tokenCommandPrefix(dataDir, env, '/repo')).toBe(prefix);
  });
});
