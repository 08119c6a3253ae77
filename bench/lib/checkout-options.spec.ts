import { checkoutBenchOptions } from './checkout-options';

describe('checkoutBenchOptions', () => {
  const defaults = { url: undefined, mode: 'postgres', seconds: 20, warmupSeconds: 10, clients: 96, readme: true };

  it.each([
    { argv: [], expected: defaults },
    { argv: ['checkout'], expected: defaults },
    { argv: ['--mode', 'kafka', '--no-readme'], expected: { ...defaults, mode: 'kafka', readme: false } },
    { argv: ['--seconds=2.5', '--warmup', '0', '--clients', '48'], expected: { ...defaults, seconds: 2.5, warmupSeconds: 0, clients: 48 } },
    { argv: ['--url', 'http://127.0.0.1:3000'], expected: { ...defaults, url: 'http://127.0.0.1:3000' } },
  ])('reads $argv', ({ argv, expected }) => {
    expect(checkoutBenchOptions(argv)).toEqual(expected);
  });

  it.each([
    { argv: ['--mode', 'debezium'], error: '--mode must be one of postgres, kafka, got "debezium"' },
    { argv: ['--mode'], error: '--mode needs a value' },
    { argv: ['--url'], error: '--url needs a value' },
    { argv: ['--url', '127.0.0.1:3000'], error: '--url needs an http(s) URL' },
    { argv: ['--seconds', '0'], error: '--seconds needs a positive number' },
    { argv: ['--warmup', '-1'], error: '--warmup needs a number of at least 0' },
    { argv: ['--clients', '9.5'], error: '--clients needs a positive integer' },
    { argv: ['chekout'], error: 'unknown suite "chekout": one of checkout, messaging, reads' },
    { argv: ['--modes', 'kafka'], error: 'unknown option --modes (did you mean --mode?)' },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => checkoutBenchOptions(argv)).toThrow(error);
  });
});
