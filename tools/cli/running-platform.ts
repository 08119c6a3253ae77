import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KafkaCoordinates } from './kafka-target';

/** What `npm start` writes to DATA_DIR/runtime.json every second (tools/start.ts). */
export interface PlatformRuntime {
  supervisorPid: number;
  /** When that process started (processStartTime): a pid alone may since belong to another process. */
  supervisorStartedAt?: string;
  adminUrl: string;
  gateway: string;
  services: Record<string, string>;
  /** The embedded PostgreSQL's postmaster while it runs (absent with DATABASE_URL, or while it is down). */
  postgresPid?: number;
  /** In Kafka mode: the brokers and namespace the services use (for operator tools that read Kafka). */
  kafka?: KafkaCoordinates;
}

/**
 * The platform `npm start` runs on `dataDir`. The file outlives a stopped (or killed) platform, so it only
 * counts while its supervisor process is alive: a stale file would send tools to ports nobody listens on.
 */
export type PlatformState = { running: true; runtime: PlatformRuntime } | { running: false; why: string };

export function runtimePath(dataDir: string): string {
  return join(resolve(dataDir), 'runtime.json');
}

export function runningPlatform(dataDir: string, isAlive: (pid: number) => boolean = processIsAlive, startTime = processStartTime): PlatformState {
  const path = runtimePath(dataDir);
  if (!existsSync(path)) return { running: false, why: `no ${path}` };
  const runtime = JSON.parse(readFileSync(path, 'utf8')) as PlatformRuntime;
  if (!supervisorAlive(runtime, isAlive, startTime)) return { running: false, why: `${path} is left from a stopped npm start, pid ${runtime.supervisorPid}` };
  return { running: true, runtime };
}

/** The sentence tools print when they need the platform and it is not up. */
export function notRunningMessage(state: { why: string }, alternative?: string): string {
  return `the platform is not running (${state.why}): start it with npm start${alternative ? ` or ${alternative}` : ''}`;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's; only ESRCH means gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined without /proc. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after it follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Whether the npm start runtime.json names still runs: its pid is alive and, where its start time was recorded,
 * that process started then. Pids are reused (a reboot, a container restart, a long uptime), and a stranger taken
 * for the supervisor would be named in a refusal as the process to kill.
 */
export function supervisorAlive(
  runtime: Pick<PlatformRuntime, 'supervisorPid' | 'supervisorStartedAt'>,
  isAlive: (pid: number) => boolean = processIsAlive,
  startTime: (pid: number) => string | undefined = processStartTime,
): boolean {
  if (!isAlive(runtime.supervisorPid)) return false;
  if (runtime.supervisorStartedAt === undefined) return true;
  const started = startTime(runtime.supervisorPid);
  return started === undefined || started === runtime.supervisorStartedAt;
}
