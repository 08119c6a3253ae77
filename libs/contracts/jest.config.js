module.exports = {
  ...require('../../jest.preset.js'),
  testTimeout: 60_000,
  displayName: 'contracts',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
};
