import { ChildProcess, spawn } from 'node:child_process';
import { CONFIG_ERROR_EXIT_CODE } from '@shop/config';
import { restartDelayMs } from '@shop/postgres';
import { SUPERVISOR_PID_ENV } from '@shop/service-kit';
import { serviceNodeArgs } from './node-args';

export interface ServiceSpec {
  name: string;
  script: string;
  env: Record<string, string>;
}

interface Running {
  spec: ServiceSpec;
  child?: ChildProcess;
  restarts: number;
  startedAt: number;
  restartTimer?: NodeJS.Timeout;
}

/**
 * Runs each service as its own process and restarts one that dies (backoff 0.5 s doubling to 10 s, reset after
 * 30 s of uptime), except one that exits on a configuration error: `onConfigError` is told instead. stop() sends
 * SIGTERM to all, waits for in-flight work to finish, then SIGKILLs stragglers.
 */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly log: (line: string) => void,
    private readonly onConfigError: (service: string) => void = () => undefined,
  ) {}

  start(specs: ServiceSpec[]): void {
    for (const spec of specs) {
      const entry: Running = { spec, restarts: 0, startedAt: 0 };
      this.running.set(spec.name, entry);
      this.launch(entry);
    }
  }

  /** Pids by service name (the chaos suite kills them). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.running].map(([name, entry]) => [name, entry.child?.pid]));
  }

  private launch(entry: Running): void {
    entry.startedAt = Date.now();
    // SERVICE_NODE_ARGS passes flags node refuses in NODE_OPTIONS, e.g. --cpu-prof for profiling (README, Performance).
    // SUPERVISOR_PID: a service stops on its own once this process is gone (killed, it stops nothing).
    const env = { ...process.env, ...entry.spec.env, [SUPERVISOR_PID_ENV]: String(process.pid) };
    const child = spawn(process.execPath, [...serviceNodeArgs(process.env), entry.spec.script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    entry.child = child;
    child.on('exit', (code, signal) => {
      if (entry.child !== child) return;
      entry.child = undefined;
      if (this.stopping) return;
      // The same settings would fail the same way on every restart.
      if (code === CONFIG_ERROR_EXIT_CODE) {
        this.log(`${entry.spec.name} stopped on a configuration error (see its message above); not restarting it`);
        this.onConfigError(entry.spec.name);
        return;
      }
      if (Date.now() - entry.startedAt > 30_000) entry.restarts = 0;
      const delay = restartDelayMs(entry.restarts);
      entry.restarts++;
      this.log(`${entry.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      entry.restartTimer = setTimeout(() => this.launch(entry), delay);
    });
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.running.values()].map((entry) => {
      if (entry.restartTimer) clearTimeout(entry.restartTimer);
      const child = entry.child;
      if (!child || child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => {
          this.log(`${entry.spec.name} did not stop within ${graceMs} ms; killing it`);
          child.kill('SIGKILL');
        }, graceMs);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    });
    await Promise.all(exits);
  }
}
