// The examples need Kafka (KAFKA_BROKERS) but no Postgres: the preset minus its test-database global setup.
const { globalSetup, globalTeardown, ...preset } = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'examples',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
};
