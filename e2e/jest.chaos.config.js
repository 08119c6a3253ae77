module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.chaos-spec.ts'],
};
