// Shared jest settings: swc transform (decorator metadata for NestJS), @shop/* aliases to sources, and the
// global setup that starts the test Postgres once per run.
const { join } = require('node:path');
const root = __dirname;
const swcrc = require('./.swcrc.json');

const { paths, baseUrl, ...jsc } = swcrc.jsc;
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc, module: { type: 'commonjs' }, sourceMaps: 'inline', swcrc: false }] },
  moduleNameMapper: Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, join(root, target)])),
  globalSetup: join(root, 'libs/testing/jest-global-setup.js'),
  globalTeardown: join(root, 'libs/testing/jest-global-teardown.js'),
};
