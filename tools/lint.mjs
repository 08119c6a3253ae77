// `npm run lint`: type-checks the whole workspace; its own --help rather than the TypeScript compiler's.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const HELP = `usage: npm run lint

Type-checks every project of the workspace (tsconfig.base.json: libs, services, tools, bench, e2e, examples)
with tsc --noEmit. Exits 1 and lists each error with its file and line; nothing is written.`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(HELP);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`lint: takes no arguments, got ${args.join(' ')} (see npm run lint -- --help)`);
  process.exit(2);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.base.json', '--noEmit'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
