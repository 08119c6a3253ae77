import { parseOptions } from './parse-options';

const SPEC = {
  out: { type: 'string' },
  mode: { type: 'string', choices: ['postgres', 'kafka'] },
  ttl: { type: 'integer' },
  'page-size': { type: 'integer', max: 100_000 },
  seed: { type: 'integer', min: -Infinity },
  retries: { type: 'integer', min: 0 },
  grace: { type: 'number' },
  seconds: { type: 'number', exclusiveMin: true },
  'baseline-ref': { type: 'string' },
  force: { type: 'flag' },
} as const;

describe('parseOptions', () => {
  it.each([
    { argv: [], options: {} },
    { argv: ['--out', 'docs/x'], options: { out: 'docs/x' } },
    { argv: ['--out=docs/x'], options: { out: 'docs/x' } },
    { argv: ['--out=a=b'], options: { out: 'a=b' } },
    { argv: ['--mode', 'kafka'], options: { mode: 'kafka' } },
    { argv: ['--ttl', '60'], options: { ttl: 60 } },
    { argv: ['--ttl=1_000'], options: { ttl: 1000 } },
    { argv: ['--page-size', '100000'], options: { 'page-size': 100_000 } },
    { argv: ['--seed', '-5'], options: { seed: -5 } },
    { argv: ['--retries', '0'], options: { retries: 0 } },
    { argv: ['--grace', '0'], options: { grace: 0 } },
    { argv: ['--seconds', '0.5'], options: { seconds: 0.5 } },
    { argv: ['--force'], options: { force: true } },
    // The last of a repeated option wins, as with most tools.
    { argv: ['--ttl', '1', '--ttl', '2'], options: { ttl: 2 } },
  ])('reads $argv', ({ argv, options }) => {
    expect(parseOptions(argv, SPEC).options).toEqual({ force: false, ...options });
  });

  it.each([
    { argv: ['--bogus'], error: 'unknown option --bogus' },
    { argv: ['--bogus=1'], error: 'unknown option --bogus' },
    { argv: ['-x'], error: 'unknown option -x' },
    { argv: ['--baseline', 'origin/main'], error: 'unknown option --baseline (did you mean --baseline-ref?)' },
    { argv: ['--out'], error: '--out needs a value' },
    { argv: ['--out='], error: '--out needs a value' },
    { argv: ['--out', '--force'], error: '--out needs a value' },
    { argv: ['--force=yes'], error: '--force takes no value' },
    { argv: ['--mode', 'rabbit'], error: '--mode must be one of postgres, kafka, got "rabbit"' },
    { argv: ['--ttl', '1h'], error: '--ttl needs a positive integer, got "1h"' },
    { argv: ['--ttl', '0'], error: '--ttl needs a positive integer, got "0"' },
    { argv: ['--ttl', '-60'], error: '--ttl needs a positive integer, got "-60"' },
    { argv: ['--ttl', '1.5'], error: '--ttl needs a positive integer, got "1.5"' },
    { argv: ['--page-size', '100001'], error: '--page-size needs a positive integer up to 100000, got "100001"' },
    { argv: ['--retries', '-1'], error: '--retries needs a whole number of at least 0, got "-1"' },
    { argv: ['--seed', 'x'], error: '--seed needs a whole number, got "x"' },
    { argv: ['--grace', '-1'], error: '--grace needs a number of at least 0, got "-1"' },
    { argv: ['--seconds', '0'], error: '--seconds needs a positive number, got "0"' },
    { argv: ['--seconds', 'ten'], error: '--seconds needs a positive number, got "ten"' },
    { argv: ['stray'], error: 'unexpected argument "stray"' },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => parseOptions(argv, SPEC)).toThrow(`${error}; run with --help to see the options`);
  });

  it.each([
    { argv: ['list'], positionals: ['list'] },
    { argv: ['--force', 'list'], positionals: ['list'] },
    { argv: ['--out', 'x', 'list'], positionals: ['list'] },
  ])('keeps up to the allowed bare arguments: $argv', ({ argv, positionals }) => {
    expect(parseOptions(argv, SPEC, 1).positionals).toEqual(positionals);
  });

  it('refuses a bare argument beyond the allowed count', () => {
    expect(() => parseOptions(['list', 'extra'], SPEC, 1)).toThrow('unexpected argument "extra"');
  });

  // --help must answer even when the rest of the line is what the user is trying to get right.
  it.each([['--help'], ['-h'], ['--bogus', '--help'], ['--ttl', '1h', '--help']])('answers help for %j without checking the rest', (...argv) => {
    expect(parseOptions(argv, SPEC)).toEqual({ options: { force: false }, positionals: [], help: true });
  });
});
