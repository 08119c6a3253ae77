// Jest loads global setup outside its module mapper, so it runs the compiled library (built here, ~0.3 s).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const root = join(__dirname, '../..');

module.exports = async function globalSetup() {
  if (process.env.TEST_TEMPLATE_READY === '1') return;
  execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, BUILD_QUIET: '1' } });
  await require(join(root, 'dist/libs/testing/src/global-setup.js')).default();
  process.env.TEST_TEMPLATE_READY = '1';
};
