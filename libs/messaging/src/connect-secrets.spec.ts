import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { connectSecretsDir, localConnectSecretsDir, propertiesValue, secretFileMode, writeConnectorSecret } from './connect-secrets';

describe('propertiesValue', () => {
  it.each([
    { value: 'Zm9vYmFyYmF6cXV1eA', expected: 'Zm9vYmFyYmF6cXV1eA' },
    { value: 'a=b:c#d!e', expected: 'a=b:c#d!e' },
    { value: 'back\\slash', expected: 'back\\\\slash' },
    { value: ' leading', expected: '\\u0020leading' },
    { value: 'inner space ', expected: 'inner space ' },
    { value: 'two\nlines\r', expected: 'two\\nlines\\r' },
    { value: 'tab\there', expected: 'tab\\there' },
    { value: 'naïve€', expected: 'na\\u00efve\\u20ac' },
    { value: 'bell\u0007', expected: 'bell\\u0007' },
  ])('$value -> $expected', ({ value, expected }) => expect(propertiesValue(value)).toBe(expected));
});

describe('secretFileMode', () => {
  it.each([
    { directory: '700', file: '600' },
    { directory: '750', file: '640' },
    { directory: '755', file: '644' },
    { directory: '1777', file: '644' },
    { directory: '711', file: '600' },
  ])('a directory of $directory gives a file of $file', ({ directory, file }) => expect(secretFileMode(parseInt(directory, 8))).toBe(parseInt(file, 8)));
});

describe('connectSecretsDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'connect-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { name: 'CONNECT_SECRETS_DIR wins', env: (d: string) => ({ CONNECT_SECRETS_DIR: join(d, 'given'), KAFKA_DATA_DIR: d }), expected: (d: string) => join(d, 'given') },
    { name: "the local stack's directory when kafka:up made it", env: (d: string) => ({ KAFKA_DATA_DIR: d }), make: true, expected: (d: string) => join(d, 'connect-secrets') },
    { name: 'none when the local stack has no such directory', env: (d: string) => ({ KAFKA_DATA_DIR: d }), expected: () => undefined },
  ])('$name', ({ env, make, expected }) => {
    if (make) mkdirSync(join(dir, 'connect-secrets'));
    expect(connectSecretsDir(env(dir))).toBe(expected(dir));
  });

  it('resolves a relative KAFKA_DATA_DIR against the repository, as kafka-up.sh does', () => {
    expect(localConnectSecretsDir({})).toBe(join(repoRoot(), '.data/kafka/connect-secrets'));
    expect(localConnectSecretsDir({ KAFKA_DATA_DIR: 'x/kafka' })).toBe(join(repoRoot(), 'x/kafka/connect-secrets'));
  });
});

describe('writeConnectorSecret', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'connect-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the value where the reference points, readable as the directory allows, and leaves no temporary file', () => {
    chmodSync(dir, 0o700);
    const reference = writeConnectorSecret(dir, 'ns/outbox connector', 'database.password', 'p\\w d');
    const path = join(dir, 'ns_outbox_connector.properties');
    expect(reference).toBe(`\${file:${path}:database.password}`);
    expect(readFileSync(path, 'utf8').split('\n').filter((line) => !line.startsWith('#'))).toEqual(['database.password=p\\\\w d', '']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['ns_outbox_connector.properties']);
  });

  it('replaces the previous value of a connector (a rotated password)', () => {
    writeConnectorSecret(dir, 'c', 'database.password', 'old');
    writeConnectorSecret(dir, 'c', 'database.password', 'new');
    expect(readFileSync(join(dir, 'c.properties'), 'utf8')).toContain('database.password=new\n');
  });
});

describe('writeConnectorSecret without its directory', () => {
  it('says what to do instead of failing on a missing path', () => {
    expect(() => writeConnectorSecret(join(tmpdir(), 'no-such-connect-secrets'), 'c', 'k', 'v')).toThrow(/does not exist: create it .* or unset CONNECT_SECRETS_DIR/);
  });
});
