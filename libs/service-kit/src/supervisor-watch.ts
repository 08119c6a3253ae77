import type { Logger } from 'pino';

/** Set by npm start's supervisor on each service it runs: its own pid. */
export const SUPERVISOR_PID_ENV = 'SUPERVISOR_PID';

/**
 * Whether the supervisor that started this process is gone: its parent is no longer that pid (a process whose
 * parent dies is handed to init or a subreaper). Never for a process started otherwise (no SUPERVISOR_PID).
 */
export function supervisorGone(supervisorPid: string | undefined, parentPid: number): boolean {
  if (supervisorPid === undefined || !/^[1-9][0-9]*$/.test(supervisorPid)) return false;
  return Number(supervisorPid) !== parentPid;
}

/**
 * Stops this service (SIGTERM to itself, so it takes its usual clean path) once the npm start that runs it is gone,
 * e.g. killed with SIGKILL: nothing else would stop it, and it would hold its port against the next npm start.
 */
export function stopWhenSupervisorGone(name: string, logger: Logger, intervalMs = 1_000): void {
  const supervisorPid = process.env[SUPERVISOR_PID_ENV];
  if (supervisorPid === undefined) return;
  const timer = setInterval(() => {
    if (!supervisorGone(supervisorPid, process.ppid)) return;
    clearInterval(timer);
    logger.warn({ supervisorPid: Number(supervisorPid) }, `${name}: the npm start that ran it (pid ${supervisorPid}) is gone; stopping`);
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
}
