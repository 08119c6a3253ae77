#!/usr/bin/env node
// Compiles every TypeScript source to dist/ with swc (sub-second; tsc stays the type checker via `npm run lint`).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

if (process.argv.includes('--help')) {
  console.log('usage: npm run build [-- --clean]   (or node tools/build.mjs)\n  Compiles libs/, services/, tools/, bench/ and examples/ to dist/ with swc, and the dashboard browser modules.');
  process.exit(0);
}
const unknown = process.argv.slice(2).find((arg) => arg !== '--clean');
if (unknown !== undefined) {
  console.error(`build: unknown option ${unknown}; run with --help to see the options`);
  process.exit(2);
}
if (process.argv.includes('--clean')) rmSync('dist', { recursive: true, force: true });
const started = Date.now();
const roots = ['libs', 'services', 'tools', 'bench', 'examples'].filter((dir) => existsSync(dir));
const result = spawnSync(
  process.execPath,
  [
    'node_modules/@swc/cli/bin/swc.js', ...roots, '-d', 'dist', '--config-file', '.swcrc.json',
    '--quiet', '--only', '**/*.ts',
    '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/gateway/web/**',
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('build failed: fix the TypeScript errors above (npm run lint gives full type errors)');
  process.exit(result.status ?? 1);
}
// The dashboard's browser modules (served by the gateway at /).
const web = spawnSync(process.execPath, ['services/gateway/web/build.mjs'], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
if (process.env.BUILD_QUIET !== '1') console.error(`build: compiled ${roots.join(', ')} to dist/ in ${Date.now() - started} ms`);
