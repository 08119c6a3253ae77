import { runningPostmaster } from './embedded-server';

/**
 * Fast shutdown of the postmaster `pid` running on `dataDir` (SIGINT: active transactions are aborted, nothing
 * committed is lost), waiting until it has removed its postmaster.pid. For a server nobody stops any more, e.g.
 * one left by an npm start that was killed.
 */
export async function stopPostmaster(dataDir: string, pid: number, timeoutMs = 60_000): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw new Error(`could not stop the PostgreSQL server (pid ${pid}) of ${dataDir}: ${(error as Error).message}; stop it as its owner with pg_ctl stop -m fast -D ${dataDir}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (runningPostmaster(dataDir) === pid) {
    if (Date.now() > deadline) throw new Error(`the PostgreSQL server (pid ${pid}) of ${dataDir} did not stop within ${timeoutMs / 1000} s; see its log, or stop it with kill -QUIT ${pid}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
