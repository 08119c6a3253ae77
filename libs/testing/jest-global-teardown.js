const { join } = require('node:path');

module.exports = async function globalTeardown() {
  await require(join(__dirname, '../../dist/libs/testing/src/global-teardown.js')).default();
};
