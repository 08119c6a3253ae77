import { parseOptions } from './options';

describe('parseOptions', () => {
  it.each([
    { argv: [], sizes: [10_000, 1_000_000] },
    { argv: ['--sizes', '10000'], sizes: [10_000] },
    // Ascending and distinct whatever the order given: the seeder only appends.
    { argv: ['--sizes=1000000,10_000,10000'], sizes: [10_000, 1_000_000] },
    { argv: ['--url', 'http://127.0.0.1:3000/', '--sizes', '10000'], sizes: [] },
  ])('sizes for $argv', ({ argv, sizes }) => {
    expect(parseOptions(argv).sizes).toEqual(sizes);
  });

  it.each([
    { argv: ['--sizes', '10k'], error: /positive integer/ },
    { argv: ['--sizes', '0'], error: /positive integer/ },
    { argv: ['--seconds', '1.5'], error: /positive integer/ },
    { argv: ['--concurrency'], error: /--concurrency needs a value/ },
    { argv: ['--seconds', '--no-readme'], error: /--seconds needs a value/ },
    { argv: ['--url', 'localhost:3000'], error: /http\(s\) URL/ },
    { argv: ['--sekonds', '3'], error: /unknown option --sekonds/ },
    { argv: ['--bogus'], error: /unknown option --bogus; see --help/ },
    { argv: ['reads'], error: /unexpected argument/ },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => parseOptions(argv)).toThrow(error);
  });

  it('has the documented defaults and reads the rest', () => {
    expect(parseOptions([])).toEqual({ sizes: [10_000, 1_000_000], seconds: 8, concurrency: 8, url: undefined, readme: true, help: false });
    expect(parseOptions(['--seconds', '3', '--concurrency=16', '--no-readme', '--url', 'http://127.0.0.1:3000/', '--help'])).toEqual({
      sizes: [],
      seconds: 3,
      concurrency: 16,
      url: 'http://127.0.0.1:3000',
      readme: false,
      help: true,
    });
  });
});
