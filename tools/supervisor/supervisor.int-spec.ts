import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_ERROR_EXIT_CODE } from '@shop/config';
import { waitFor } from '@shop/testing';
import { Supervisor } from './supervisor';

describe('Supervisor', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'supervisor-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A service that notes each start in a file, then exits with `code`. */
  const exitingService = (code: number) => {
    const script = join(dir, 'service.js');
    writeFileSync(script, `require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'starts'))}, 'x'); process.exit(${code});`);
    return { name: 'orders', script, env: {} };
  };
  const starts = () => readFileSync(join(dir, 'starts'), 'utf8').length;

  it('does not restart a service that exits on a configuration error, and says so', async () => {
    const lines: string[] = [];
    const refused: string[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), (service) => refused.push(service));
    supervisor.start([exitingService(CONFIG_ERROR_EXIT_CODE)]);
    // Long enough for the exit and a restart after the first backoff (0.5 s).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await supervisor.stop();
    expect(refused).toEqual(['orders']);
    expect(starts()).toBe(1);
    expect(lines).toEqual(['orders stopped on a configuration error (see its message above); not restarting it']);
  });

  it('restarts a service that crashes', async () => {
    const refused: string[] = [];
    const supervisor = new Supervisor(() => undefined, (service) => refused.push(service));
    supervisor.start([exitingService(1)]);
    await waitFor('a restart', async () => (starts() >= 2 ? true : undefined), 10_000).finally(() => supervisor.stop());
    expect(refused).toEqual([]);
  });

  it('waits longer before each restart of a service that keeps crashing soon after it starts', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), () => undefined);
    supervisor.start([exitingService(1)]);
    await waitFor('three restarts', async () => (lines.length >= 3 ? true : undefined), 10_000).finally(() => supervisor.stop());
    expect(lines.slice(0, 3)).toEqual([500, 1_000, 2_000].map((delay) => `orders exited (code 1); restarting in ${delay} ms`));
  });

  it('starts nothing again once stopped', async () => {
    const script = join(dir, 'service.js');
    writeFileSync(script, `require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'starts'))}, 'x'); setTimeout(() => undefined, 3_000);`);
    const supervisor = new Supervisor(() => undefined, () => undefined);
    supervisor.start([{ name: 'orders', script, env: {} }]);
    await waitFor('a start', async () => (existsSync(join(dir, 'starts')) ? true : undefined), 10_000);
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // past the first restart delay (0.5 s)
    expect(starts()).toBe(1);
    expect(supervisor.pids()).toEqual({ orders: undefined });
  });
});
