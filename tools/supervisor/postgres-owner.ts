import { existsSync, readFileSync } from 'node:fs';
import { PlatformRuntime, processIsAlive, processStartTime, runtimePath, supervisorAlive } from '../cli/running-platform';

/**
 * Who runs the PostgreSQL found on DATA_DIR at start: an npm start still alive (it must be left alone), one that
 * is gone (its server is an orphan nobody will stop: stop it and carry on), or no npm start that runtime.json
 * names (someone else's server, or one whose npm start died before writing runtime.json).
 */
export type PostgresOwner = { state: 'owned' | 'orphaned'; supervisorPid: number } | { state: 'unknown' };

export function postgresOwner(dataDir: string, postmasterPid: number, isAlive: (pid: number) => boolean = processIsAlive, startTime = processStartTime): PostgresOwner {
  const path = runtimePath(dataDir);
  if (!existsSync(path)) return { state: 'unknown' };
  let runtime: PlatformRuntime;
  try {
    runtime = JSON.parse(readFileSync(path, 'utf8')) as PlatformRuntime;
  } catch {
    return { state: 'unknown' };
  }
  const { supervisorPid } = runtime;
  // After a container restart pids repeat: this process or its parent may carry a dead supervisor's pid.
  const alive = supervisorPid !== process.pid && supervisorPid !== process.ppid && supervisorAlive(runtime, isAlive, startTime);
  if (alive) return { state: 'owned', supervisorPid };
  return runtime.postgresPid === postmasterPid ? { state: 'orphaned', supervisorPid } : { state: 'unknown' };
}

/** Why npm start refuses to touch a running PostgreSQL, and the command that stops it. */
export function refusalMessage(dataDir: string, postmasterPid: number, owner: PostgresOwner): string {
  const elsewhere = 'or use another DATA_DIR, PORT, INTERNAL_PORT_BASE and PGPORT';
  if (owner.state === 'owned') {
    return `the PostgreSQL of DATA_DIR ${dataDir} (pid ${postmasterPid}) belongs to another npm start, pid ${owner.supervisorPid}, still running: stop that one with kill -INT ${owner.supervisorPid} (or Ctrl-C in its terminal), ${elsewhere}`;
  }
  return `the PostgreSQL of DATA_DIR ${dataDir} is already running with pid ${postmasterPid}, started by no npm start its runtime.json names: stop it with kill -INT ${postmasterPid} (a fast shutdown), ${elsewhere}`;
}
