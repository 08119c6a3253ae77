import { parseOptions } from './options';

describe('parseOptions', () => {
  const kafka = { KAFKA_BROKERS: '127.0.0.1:9092' };
  const connect = { ...kafka, CONNECT_URL: 'http://127.0.0.1:8083' };

  // Modes default to what the environment offers; asking for more than it offers is an error up front.
  it.each([
    { argv: [], env: {}, modes: ['postgres'] },
    { argv: [], env: kafka, modes: ['postgres', 'kafka'] },
    { argv: [], env: connect, modes: ['postgres', 'kafka', 'debezium'] },
    { argv: ['--modes', 'kafka'], env: connect, modes: ['kafka'] },
    { argv: ['--modes=postgres,debezium'], env: connect, modes: ['postgres', 'debezium'] },
  ])('modes for $argv with $env', ({ argv, env, modes }) => {
    expect(parseOptions(argv, env).modes).toEqual(modes);
  });

  it.each([
    { argv: ['--modes', 'kafka'], env: {}, error: /needs KAFKA_BROKERS/ },
    { argv: ['--modes', 'debezium'], env: kafka, error: /needs CONNECT_URL/ },
    { argv: ['--modes', 'rabbit'], env: {}, error: /unknown mode/ },
    { argv: ['--events', '0'], env: {}, error: /positive number/ },
    { argv: ['--rate', 'fast'], env: {}, error: /positive number/ },
    { argv: ['--sekonds', '3'], env: {}, error: /unknown option --sekonds/ },
    { argv: ['stray'], env: {}, error: /unexpected argument/ },
  ])('refuses $argv', ({ argv, env, error }) => {
    expect(() => parseOptions(argv, env)).toThrow(error);
  });

  it('reads numbers and keeps the library defaults unless tuned', () => {
    const options = parseOptions(['--events', '1000', '--rate=2500', '--seconds', '3', '--producers', '6', '--per-tx', '1', '--out', '/tmp/x'], {});
    expect(options).toMatchObject({ events: 1000, rate: 2500, seconds: 3, producers: 6, perTx: 1, outDir: '/tmp/x', batchSize: undefined, pollMs: undefined, help: false });
    expect(parseOptions(['--help'], {}).help).toBe(true);
  });
});
