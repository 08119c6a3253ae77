import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(120_000);

const root = join(__dirname, '..');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
// The test family hands its arguments to jest.
const NOT_OURS = new Set<string>();
const PASSES_ARGS_ON = new Set(['test', 'test:unit', 'test:e2e', 'test:chaos']);

/** A script as npm runs it, without the build every script starts with (the suite's setup built dist). */
function run(name: string, arg: string) {
  const command = scripts[name].replace(/^node tools\/build\.mjs && /, '');
  // No broker, database or platform: --help and a bad option must answer before reaching for any of them.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  return spawnSync('bash', ['-c', `${command} ${arg}`], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
}

/** README: every command takes --help, and a bad option stops it with exit 2 and a one-line reason. */
describe('npm scripts', () => {
  const ours = Object.keys(scripts).filter((name) => !NOT_OURS.has(name));

  it.each(ours)('%s --help prints its usage and exits 0', (name) => {
    const result = run(name, '--help');
    expect({ status: result.status, usage: /^usage:/i.test(result.stdout.trim()) }).toEqual({ status: 0, usage: true });
  });

  it.each(ours.filter((name) => !PASSES_ARGS_ON.has(name)))('%s refuses an unknown option with exit 2', (name) => {
    const result = run(name, '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--no-such-option');
  });

  it('contracts:generate refuses an --out that is a file with exit 2 and a one-line reason, not a stack trace', () => {
    const result = run('contracts:generate', '--out package.json');
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({
      status: 2,
      stderr: 'contracts:generate: --out package.json is a file, not a directory; name a directory (default docs/contracts)',
    });
  });

  // Checked before anything is stopped: a bad value used to stop the broker, then fail at `sleep`, leaving it down.
  it('kafka:restart refuses a --down-for that is not a number before stopping anything', () => {
    const result = run('kafka:restart', 'broker --down-for x');
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 2, stderr: '--down-for needs a number of seconds, got "x"' });
  });

  it('test:chaos has its own usage, not npm test\'s', () => {
    expect(run('test:chaos', '--help').stdout).toMatch(/^usage: npm run test:chaos/);
  });

  // They run dist/tools/test.js with --selectProjects: their help printed npm test's "Runs every suite".
  it.each([
    ['test:unit', /^usage: npm run test:unit/, /only the specs of config, postgres, .*tools.*\(no end-to-end suite/s],
    ['test:e2e', /^usage: npm run test:e2e/, /only the end-to-end suites/],
  ])('%s has a usage naming the suites it runs, not npm test\'s', (name, usage, what) => {
    const { stdout } = run(name, '--help');
    expect(stdout).toMatch(usage);
    expect(stdout).toMatch(what);
    expect(stdout).not.toMatch(/Runs every suite/);
  });

  // It printed Prettier's generic help, which does not say the script rewrites files in place.
  it('format has its own usage, saying it rewrites files in place', () => {
    expect(run('format', '--help').stdout).toMatch(/^usage: npm run format[^]*Rewrites every TypeScript file .* in place/);
  });
});
