import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_ERROR_EXIT_CODE, loadConfigOrExit } from '@shop/config';
import { EmbeddedServer, SERVICE_ROLES, ServiceRole, ensureDatabase, preparePlatformDatabase, runningPostmaster, startEmbeddedPostgres, stopPostmaster, viaUnixSocket } from '@shop/postgres';
import { connectSecretsDir, registerOutboxConnector, watchConnector } from '@shop/messaging';
import { kafkaBrokerList, signJwt } from '@shop/service-kit';
import { parseOptions } from './cli/parse-options';
import { type PlatformRuntime, processStartTime } from './cli/running-platform';
import { tokenCommandPrefix } from './cli/token-hint';
import { usageOrExit } from './cli/usage-error';
import { loadOrCreateSecrets, secretsPath } from './supervisor/local-secrets';
import { describeDatabase, loadPlatformConfig } from './supervisor/platform-config';
import { refuseUnreachableKafka } from './supervisor/kafka-reachable';
import { debeziumNames, retireDebeziumRelay } from './supervisor/retire-debezium';
import { postgresOwner, refusalMessage } from './supervisor/postgres-owner';
import { platformPorts, refuseSharedPorts, refuseUnavailablePorts } from './supervisor/platform-ports';
import { checkServiceConfigs } from './supervisor/service-configs';
import { checkServiceNodeArgs } from './supervisor/node-args';
import { INTERNAL_PORTS, serviceSpecs } from './supervisor/service-specs';
import { Supervisor } from './supervisor/supervisor';

const HELP = `usage: npm start

Starts the whole platform on this machine: a PostgreSQL server of its own (unless DATABASE_URL is set),
the migrations, and the gateway, orders, inventory, payments and projections services, each as its own
process (a crashed one is restarted, the database too). Ctrl-C, SIGTERM or closing the terminal stops everything
cleanly; services stop on their own when npm start is killed. It refuses to start, changing nothing, while another
npm start runs on its DATA_DIR or one of its ports is taken; a PostgreSQL left running by a killed npm start is
stopped first.

Environment (all optional):
  PORT=3000                 gateway port          HOST=127.0.0.1        gateway address
  DATABASE_URL=postgres://  use this server (needs a role that may create roles and schemas)
  DATA_DIR=./.data          embedded Postgres data and generated secrets
  PGPORT=54329              port of the embedded Postgres
  INTERNAL_PORT_BASE=3100   backend services listen on base+1..base+4
  BUS=postgres|kafka        KAFKA_BROKERS=127.0.0.1:9092   KAFKA_RELAY=builtin|debezium
  CONNECT_URL=http://127.0.0.1:8083   Kafka Connect, with KAFKA_RELAY=debezium
  CONNECT_SECRETS_DIR=...   a directory Connect's worker reads (config.providers=file): the connector's
                            password goes there, its config holds a reference (default: kafka:up's)
  KAFKA_NAMESPACE=shop      prefix of topics and consumer groups (deployments sharing a cluster)
  AUTH_JWT_SECRET=...       HS256 secret (generated into DATA_DIR when unset)
  RESERVATION_TTL_SECONDS=900   PAYMENT_PROVIDER=simulated
  The services' own settings (timeouts, pools, caches, retention, LOG_LEVEL, tracing) pass through to them;
  docs/API.md lists every variable with its default.`;

const say = (line: string) => process.stderr.write(`[start] ${line}\n`);

/** What this process has started: every way out (Ctrl-C, a failure) stops the services, then the database. */
const started: { supervisor?: Supervisor; server?: EmbeddedServer } = {};
let exiting = false;

async function stopAndExit(code: number, reason: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  say(reason);
  const { supervisor, server } = started;
  if (supervisor) {
    say('stopping services');
    await supervisor.stop();
  }
  if (server) {
    say('stopping PostgreSQL');
    await server.stop();
  }
  if (supervisor || server) say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  // Configured by environment only: an option here is a mistake (npm start -- --port 4000), not to be ignored.
  usageOrExit('start', () => parseOptions(process.argv.slice(2), {}));
  const startedAt = Date.now();
  const config = loadConfigOrExit(() => loadPlatformConfig());
  loadConfigOrExit(() => checkServiceConfigs(config));
  loadConfigOrExit(() => checkServiceNodeArgs(process.env));
  // SIGHUP: the terminal was closed. Its default would kill this process without stopping the database, which
  // runs in a process group of its own; once the terminal is gone, a failed write to it must not stop the stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAndExit(0, `${signal} received`));
  process.stderr.on('error', () => undefined);
  // Before anything is started or changed: a second npm start must not reset the role passwords of a platform in use.
  const postgresDir = join(config.dataDir, 'postgres');
  const running = config.databaseUrl ? undefined : runningPostmaster(postgresDir);
  if (running) {
    const owner = postgresOwner(config.dataDir, running);
    if (owner.state !== 'orphaned') throw new Error(refusalMessage(config.dataDir, running, owner));
    say(`the PostgreSQL of DATA_DIR ${config.dataDir} (pid ${running}) was left running by npm start pid ${owner.supervisorPid}, which is gone; stopping it (fast shutdown)`);
    await stopPostmaster(postgresDir, running);
  }
  refuseSharedPorts(platformPorts(config));
  await refuseUnavailablePorts(platformPorts(config));
  if (config.bus === 'kafka') await refuseUnreachableKafka(config.kafkaBrokers!);
  const secrets = loadOrCreateSecrets(config.dataDir, { embeddedCluster: !config.databaseUrl });
  const jwtSecret = config.jwtSecret ?? secrets.jwtSecret;
  say(`database: ${describeDatabase(config)}`);
  let adminUrl: string;
  if (config.databaseUrl) {
    adminUrl = config.databaseUrl;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: postgresDir,
      port: config.embeddedPgPort,
      superuserPassword: secrets.postgresSuperuserPassword,
      passwordSource: secretsPath(config.dataDir),
      log: (line) => say(`postgres: ${line}`),
      // The database is supervised like the services: a crash is followed by restarts until one succeeds (crash
      // recovery runs); runtime.json's postgresPid follows the server's pid.
      onUnexpectedExit: (code, signal) => say(`postgres exited (${signal ?? `code ${code}`}); restarting it`),
      keepRunning: true,
    });
    started.server = server;
    // Should this process die without the clean path below, the database must not outlive it.
    process.on('exit', () => {
      if (server.pid) process.kill(server.pid, 'SIGINT');
    });
    adminUrl = await ensureDatabase(server.adminUrl, 'shop');
  }
  const passwords = Object.fromEntries(SERVICE_ROLES.map((role) => [role, config.serviceDbPassword ?? randomBytes(18).toString('base64url')])) as Record<ServiceRole, string>;
  const migrated = await preparePlatformDatabase(adminUrl, passwords, say);
  say(`schemas ready (${migrated.applied.length} migrations applied, ${migrated.skipped} already there) after ${Date.now() - startedAt} ms`);

  if (config.bus === 'kafka' && config.kafkaRelay === 'debezium') {
    const { connectUrl, kafkaNamespace: namespace } = config;
    const { connector, slot, topicPrefix } = debeziumNames(namespace);
    say(`registering the Debezium outbox connector with Kafka Connect at ${connectUrl}`);
    await registerOutboxConnector(connectUrl, adminUrl, {
      overrides: { name: connector, 'slot.name': slot, 'topic.prefix': topicPrefix, 'transforms.outbox.route.topic.replacement': `${namespace}.\${routedByValue}` },
      cdcPassword: config.serviceDbPassword ?? randomBytes(18).toString('base64url'), secretsDir: connectSecretsDir(), warn: (message) => say(`warning: ${message}`),
    });
    // Debezium gives up on a database that is down for more than its one retry (a Postgres crash and restart).
    watchConnector(connectUrl, connector, say);
  }
  if (config.bus === 'kafka' && config.kafkaRelay === 'builtin') await retireDebeziumRelay(adminUrl, config.connectUrl, config.kafkaNamespace, say);
  // Services reach the embedded server through its Unix socket; tools and users keep the TCP URL.
  const specs = serviceSpecs(config, started.server?.socketDir ? viaUnixSocket(adminUrl, started.server.socketDir) : adminUrl, passwords, jwtSecret);
  const supervisor = new Supervisor(say, (service) => void stopAndExit(CONFIG_ERROR_EXIT_CODE, `failed: ${service} refused its configuration`));
  started.supervisor = supervisor;
  supervisor.start(specs);
  const services = Object.fromEntries(Object.entries(INTERNAL_PORTS).map(([name, offset]) => [name, `http://127.0.0.1:${config.internalPortBase + offset}`]));
  const kafka = config.bus === 'kafka' ? { brokers: kafkaBrokerList(config.kafkaBrokers!), namespace: config.kafkaNamespace } : undefined;
  writeRuntimeFile(config.dataDir, { adminUrl, gateway: `http://${config.host}:${config.port}`, services, kafka, pids: () => supervisor.pids(), postgresPid: () => started.server?.pid });

  // Operators and the chaos suite can bounce the embedded database: services must ride it out.
  process.on('SIGUSR2', () => {
    const server = started.server;
    if (!server) return say('SIGUSR2: no embedded PostgreSQL to restart (DATABASE_URL mode)');
    say('SIGUSR2: restarting PostgreSQL');
    void server.restart().then(() => say('PostgreSQL restarted'), (error) => say(`PostgreSQL restart failed, retrying: ${(error as Error).message}`));
  });

  const healthUrl = `http://${config.host}:${config.port}/health`;
  await waitForHealthy(healthUrl, 120_000);
  const token = signJwt({ sub: 'dev-admin', role: 'admin' }, jwtSecret, 3600);
  say(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: http://${config.host}:${config.port}  (API docs: /docs, health: /health)`);
  say(`a one-hour admin token:  export TOKEN=${token}`);
  say(`mint others with:        ${tokenCommandPrefix(config.dataDir, process.env)}npm run token -- --role customer --sub <customerId>   (roles: admin customer merchant fulfillment finance)`);
  say('press Ctrl-C to stop');
}

/** Where the running platform is, for operator tools (invariant checker, chaos runs); rewritten every second. */
function writeRuntimeFile(
  dataDir: string,
  runtime: Omit<PlatformRuntime, 'supervisorPid' | 'postgresPid'> & { pids: () => Record<string, number | undefined>; postgresPid: () => number | undefined },
): void {
  const path = join(resolve(dataDir), 'runtime.json');
  mkdirSync(resolve(dataDir), { recursive: true });
  const supervisorStartedAt = processStartTime(process.pid);
  // Written to a temporary file and renamed, so a reader never sees half a file.
  const write = () => writeAtomically(path, JSON.stringify({ supervisorPid: process.pid, supervisorStartedAt, adminUrl: runtime.adminUrl, gateway: runtime.gateway, services: runtime.services, kafka: runtime.kafka, pids: runtime.pids(), postgresPid: runtime.postgresPid() }, null, 2));
  write();
  setInterval(write, 1_000).unref();
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}

async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the gateway did not become healthy within ${timeoutMs / 1000} s (last answer: ${last}); see the service logs above`);
}

main().catch((error) => stopAndExit(1, `failed: ${(error as Error).message}`));
