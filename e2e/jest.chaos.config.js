module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testTimeout: 900_000,
  testMatch: ['<rootDir>/**/*.chaos-spec.ts'],
};
