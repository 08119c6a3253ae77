import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresOwner, refusalMessage } from './postgres-owner';

describe('postgresOwner', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'postgres-owner-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const runtime = { supervisorPid: 4242, adminUrl: 'postgres://a@h/shop', gateway: 'http://127.0.0.1:3000', services: {}, postgresPid: 777 };

  it.each([
    { case: 'no runtime.json', file: undefined, postmaster: 777, alive: false, expected: { state: 'unknown' } },
    { case: 'a torn runtime.json', file: '{"supervisorPid":', postmaster: 777, alive: false, expected: { state: 'unknown' } },
    { case: 'its npm start runs', file: runtime, postmaster: 777, alive: true, expected: { state: 'owned', supervisorPid: 4242 } },
    { case: 'its npm start runs, pid not yet rewritten', file: runtime, postmaster: 778, alive: true, expected: { state: 'owned', supervisorPid: 4242 } },
    { case: 'its npm start is gone', file: runtime, postmaster: 777, alive: false, expected: { state: 'orphaned', supervisorPid: 4242 } },
    { case: 'a server the gone npm start did not run', file: runtime, postmaster: 778, alive: false, expected: { state: 'unknown' } },
    { case: 'a gone npm start whose pid is ours now', file: { ...runtime, supervisorPid: process.pid }, postmaster: 777, alive: true, expected: { state: 'orphaned', supervisorPid: process.pid } },
    { case: 'a gone npm start whose pid another process took', file: { ...runtime, supervisorStartedAt: '900' }, postmaster: 777, alive: true, startedAt: '12345', expected: { state: 'orphaned', supervisorPid: 4242 } },
    { case: 'its npm start runs, the start time recorded', file: { ...runtime, supervisorStartedAt: '900' }, postmaster: 777, alive: true, startedAt: '900', expected: { state: 'owned', supervisorPid: 4242 } },
  ])('$case', ({ file, postmaster, alive, startedAt, expected }) => {
    if (file) writeFileSync(join(dir, 'runtime.json'), typeof file === 'string' ? file : JSON.stringify(file));
    expect(postgresOwner(dir, postmaster, () => alive, () => startedAt)).toEqual(expected);
  });
});

describe('refusalMessage', () => {
  it.each([
    { owner: { state: 'owned', supervisorPid: 4242 } as const, says: /belongs to another npm start, pid 4242, still running: stop that one with kill -INT 4242 / },
    { owner: { state: 'unknown' } as const, says: /already running with pid 777, .*: stop it with kill -INT 777 / },
  ])('$owner.state names the command that stops it', ({ owner, says }) => {
    expect(refusalMessage('/data', 777, owner)).toMatch(says);
  });
});
