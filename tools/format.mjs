// `npm run format`: rewrites the workspace's TypeScript with Prettier; its own --help rather than Prettier's,
// which lists options this script does not take and does not say that files are rewritten in place.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const GLOB = '{libs,services,tools,bench,e2e,examples}/**/*.ts';

const HELP = `usage: npm run format [-- --check]

Rewrites every TypeScript file of libs, services, tools, bench, e2e and examples in place with Prettier
(.prettierrc.json), so commit or stash your work first if you want to see what it changed.

  --check   write nothing: list the files Prettier would change and exit 1 if there are any`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(HELP);
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  console.error(`format: unknown option ${unknown.join(' ')}; run with --help to see the options`);
  process.exit(2);
}
const prettier = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
const result = spawnSync(process.execPath, [prettier, args.includes('--check') ? '--check' : '--write', GLOB], { stdio: 'inherit' });
process.exit(result.status ?? 1);
