import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_CONTRACTS, CompatibilityMode, JsonSchema, checkPublishedContracts, describeIncompatibility } from '@shop/contracts';
import { parseOptions } from '../cli/parse-options';
import { usageOrExit } from '../cli/usage-error';
import { currentSchemas, readSchemaSnapshots } from './contract-files';

const HELP = `usage: npm run contracts:check-compatibility -- [--schemas <dir>] [--baseline-ref <git-ref>] [--mode full|backward|forward]

Compares every event contract in libs/contracts with its published snapshot (docs/contracts/schemas) and exits 1
naming each event and incompatible change when a published version changed incompatibly: a property removed or
renamed, a new required property, a narrowed type, enum, pattern or range, additionalProperties tightened,
and (mode full, the default) the same changes in the other direction, which break consumers still validating
with the published schema. A new version file is always fine; a published version missing from the registry
is not.

  --schemas        directory of published snapshots (default docs/contracts/schemas)
  --baseline-ref   read the snapshots from this git ref instead (e.g. origin/main in CI), so a snapshot that was
                   regenerated in the same change cannot hide an incompatible edit
  --mode           full (default: old messages stay valid AND old consumers accept new ones), backward, forward`;

const OPTIONS = {
  schemas: { type: 'string' },
  'baseline-ref': { type: 'string' },
  mode: { type: 'string', choices: ['full', 'backward', 'forward'] },
} as const;

function snapshotsAtRef(ref: string, dir: string): Map<string, JsonSchema> {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const prefix = `${dir.replace(/\/$/, '')}/`;
  const snapshots = new Map<string, JsonSchema>();
  for (const path of git('ls-tree', '-r', '--name-only', ref, '--', prefix).split('\n').filter((line) => line.endsWith('.json'))) {
    snapshots.set(path.slice(prefix.length), JSON.parse(git('show', `${ref}:${path}`)) as JsonSchema);
  }
  return snapshots;
}

function main(): number {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const { options } = usageOrExit('check-compatibility', () => parseOptions(args, OPTIONS));
  const mode: CompatibilityMode = options.mode ?? 'full';
  const dir = options.schemas ?? 'docs/contracts/schemas';
  const ref = options['baseline-ref'];
  // A mistyped --schemas must not pass as "every contract is new": that would let any incompatible change through.
  if (!ref && !(existsSync(dir) && statSync(dir).isDirectory())) {
    console.error(`check-compatibility: --schemas ${dir}: no such directory`);
    return 2;
  }
  let published: Map<string, JsonSchema>;
  try {
    published = ref ? snapshotsAtRef(ref, dir) : readSchemaSnapshots(resolve(dir));
  } catch (error) {
    // git has printed its own reason (an unknown ref, not a repository) above.
    console.error(`check-compatibility: cannot read the published snapshots${ref ? ` at --baseline-ref ${ref}` : ` in ${dir}`}: ${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
  if (published.size === 0) console.warn(`check-compatibility: no published snapshots in ${ref ? `${ref}:` : ''}${dir}; every contract counts as new`);

  const results = checkPublishedContracts(published, currentSchemas(ALL_CONTRACTS), mode);
  const failures = results.filter((result) => result.status === 'incompatible' || result.status === 'removed');
  for (const result of results.filter((result) => result.status === 'new' || result.status === 'compatible')) {
    console.log(`  ${result.status === 'new' ? 'new version' : 'compatible change'}: ${result.file}`);
  }
  for (const result of failures) for (const problem of result.problems) console.error(`  INCOMPATIBLE ${describeIncompatibility(result.file, problem)}`);
  const counts = ['unchanged', 'compatible', 'new', 'incompatible', 'removed'].map((status) => `${results.filter((result) => result.status === status).length} ${status}`).join(', ');
  if (failures.length > 0) {
    console.error(`check-compatibility (${mode}): ${counts}. A published version must not change incompatibly: revert the change and add a new version file (e.g. <event>.v2.ts) registered next to the old one.`);
    return 1;
  }
  console.log(`check-compatibility (${mode}): ${counts}`);
  return 0;
}

process.exitCode = main();
