import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIsAlive, runningPlatform } from './running-platform';

describe('runningPlatform', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'running-platform-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const runtime = { supervisorPid: 4242, adminUrl: 'postgres://a@h/shop', gateway: 'http://127.0.0.1:3000', services: {} };

  it.each([
    { file: undefined, alive: true, expected: { running: false, why: expect.stringMatching(/^no .*runtime\.json$/) } },
    { file: runtime, alive: false, expected: { running: false, why: expect.stringMatching(/runtime\.json is left from a stopped npm start, pid 4242$/) } },
    { file: runtime, alive: true, expected: { running: true, runtime } },
  ])('file $file, supervisor alive $alive', ({ file, alive, expected }) => {
    if (file) writeFileSync(join(dir, 'runtime.json'), JSON.stringify(file));
    expect(runningPlatform(dir, () => alive)).toEqual(expected);
  });

  it('tells a live process from a gone one', () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(2 ** 22 + 1)).toBe(false); // above Linux's pid_max
  });
});
