import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { processIsAlive, processStartTime, runningPlatform, supervisorAlive } from './running-platform';

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

describe('supervisorAlive: a pid is not enough, pids are reused', () => {
  it.each([
    { case: 'a live pid, no start time recorded (an older runtime.json)', alive: true, recorded: undefined, now: '900', expected: true },
    { case: 'a live pid started when recorded', alive: true, recorded: '900', now: '900', expected: true },
    { case: 'a live pid started at another time: someone else\'s now', alive: true, recorded: '900', now: '12345', expected: false },
    { case: 'a live pid where /proc cannot tell', alive: true, recorded: '900', now: undefined, expected: true },
    { case: 'a gone pid', alive: false, recorded: '900', now: '900', expected: false },
  ])('$case -> $expected', ({ alive, recorded, now, expected }) => {
    expect(supervisorAlive({ supervisorPid: 4242, supervisorStartedAt: recorded }, () => alive, () => now)).toBe(expected);
  });

  it('reads a real process\'s start time, the same on every read, and none for a gone pid', () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(processStartTime(process.pid)).toBe(processStartTime(process.pid));
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined();
  });

  it('takes a live process with another start time for a stopped platform', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'running-platform-'));
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => stranger.once('spawn', resolve));
      const runtime = { supervisorPid: stranger.pid!, adminUrl: 'postgres://a@h/shop', gateway: 'http://127.0.0.1:3000', services: {} };
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ ...runtime, supervisorStartedAt: '1' }));
      expect(runningPlatform(dir)).toEqual({ running: false, why: expect.stringMatching(/left from a stopped npm start/) });
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ ...runtime, supervisorStartedAt: processStartTime(stranger.pid!) }));
      expect(runningPlatform(dir)).toMatchObject({ running: true });
    } finally {
      stranger.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
