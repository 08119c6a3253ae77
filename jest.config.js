// `npm test` runs every project's suites in one jest process (one test Postgres, workers share it).
module.exports = {
  testTimeout: 60_000, // global option: project configs cannot set it (e2e files raise it themselves)
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js', '<rootDir>/tools/jest.config.js', '<rootDir>/e2e/jest.config.js', '<rootDir>/bench/jest.config.js', '<rootDir>/examples/jest.config.js'],
  // Tests that need Kafka check KAFKA_BROKERS themselves; see libs/testing/src/kafka.ts.
};
