module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testTimeout: 180_000,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
};
