import { PASSWORD_REFUSED, startFailureHint, startFailureKind } from './start-failure';

describe('startFailureKind', () => {
  it.each([
    ['our server refused the password', PASSWORD_REFUSED, ['FATAL:  password authentication failed for user "postgres"'], 'password'],
    [
      'a cluster of another major version',
      'postgres exited with code 1',
      ['FATAL:  database files are incompatible with server', 'DETAIL:  The data directory was initialized by PostgreSQL version 16, which is not compatible with this version 15.18.'],
      'version',
    ],
    ['a cluster of another major version, its DETAIL line only', 'postgres exited with code 1', ['DETAIL:  The data directory was initialized by PostgreSQL version 16.'], 'version'],
    ['the port taken', 'postgres exited with code 1', ['LOG:  could not bind IPv4 address "127.0.0.1": Address already in use', 'FATAL:  could not create any TCP/IP sockets'], 'port-or-folder'],
    ['no TCP/IP socket at all (its bind line cut off)', 'postgres exited with code 1', ['FATAL:  could not create any TCP/IP sockets'], 'port-or-folder'],
    ['the address in use (its bind line cut off)', 'postgres exited with code 1', ['LOG:  Address already in use'], 'port-or-folder'],
    ['a lock file of another server', 'postgres exited with code 1', ['FATAL:  lock file "postmaster.pid" already exists'], 'port-or-folder'],
    ['another server answering', 'another server (data in /elsewhere) answers on the port', [], 'port-or-folder'],
    ['another process holding the folder', 'the server of /data is another process (pid 12)', [], 'port-or-folder'],
    // Another server on the port refusing the password is not this cluster's password being wrong.
    ['a refusal from another server, ours exited', 'postgres exited with code 1', ['FATAL:  password authentication failed for user "postgres"', 'LOG:  could not bind IPv4 address'], 'port-or-folder'],
    ['a timeout with nothing recognisable', 'postgres did not accept connections within 60 s', ['LOG:  redo starts at 0/1'], 'unknown'],
  ])('%s', (_case, reason, log, kind) => {
    expect(startFailureKind(reason, log)).toBe(kind);
  });
});

describe('startFailureHint', () => {
  it('names the password file and leaves out the port for a refused password', () => {
    const hint = startFailureHint('password', '/data/secrets.json');
    expect(hint).toContain('The superuser password in /data/secrets.json does not match this cluster');
    expect(hint).not.toMatch(/port/);
  });

  it('says "the password" when no file is named', () => {
    const hint = startFailureHint('password');
    expect(hint).toMatch(/^The superuser password does not match this cluster .*restore the password from a backup/);
    expect(hint).not.toContain('undefined');
  });

  it('gives a version mismatch its own hint, not the port one', () => {
    expect(startFailureHint('version')).toMatch(/^The data folder was initialised by another PostgreSQL major version/);
  });

  it('asks about another server only when that is the cause', () => {
    expect(startFailureHint('port-or-folder')).toMatch(/^Is another server using that port or data folder\?/);
    expect(startFailureHint('unknown')).not.toMatch(/another server/);
  });
});
