import { join } from 'node:path';
import { envReader, loadConfigOrExit, redact } from '@shop/config';
import { EmbeddedServer, startEmbeddedPostgres, withDatabase } from '@shop/postgres';
import { KafkaCoordinates, kafkaTarget, operatorKafka, optionalNamespace } from './cli/kafka-target';
import { parseOptions } from './cli/parse-options';
import { runningPlatform } from './cli/running-platform';
import { usageOrExit } from './cli/usage-error';
import { kafkaStrandedBacklog } from './invariants/kafka-stranded';
import { CheckResult, runInvariantChecks } from './invariants/run-checks';
import { readSecrets, secretsPath } from './supervisor/local-secrets';

const HELP = `usage: npm run check:invariants [-- --grace <seconds>]

Read-only consistency check of the whole platform: stock bounds and reservations, exactly one capture per
confirmed order, refunds of cancelled captures, order status vs its event log, the provider ledger vs the
payments table (no double charge), every projection vs a recomputation from the logs, no text in any schema that
looks like a card number (13-19 digits passing Luhn), and no event, payment or refund stranded longer than the
grace period (default 30 s). Prints a report; exits 1 on any violation, 2 when it cannot run.
Stranded events are judged by the positions kept in Postgres (the embedded bus's consumer groups, the built-in
relay) and, in Kafka mode, by every consumer group of the namespace against its topics: the broker's committed
offsets and the messages older than the grace period (read-only; it joins no group).

  --grace <seconds>   how long an event, payment or refund may wait before it counts as stranded (default 30)

Database: DATABASE_URL (an admin URL), else the embedded default in DATA_DIR (default ./.data): the running one
if npm start is up, otherwise it starts that server for the check (on PGPORT, default 54329) and stops it again.
Kafka: KAFKA_BROKERS and KAFKA_NAMESPACE (default shop) when set, else those of the running npm start in Kafka
mode; without either, Kafka is not read.`;

interface Targets {
  url: string;
  server?: EmbeddedServer;
  kafka?: KafkaCoordinates;
}

async function targets(): Promise<Targets> {
  const env = loadConfigOrExit(() => {
    const read = envReader();
    return {
      databaseUrl: read.optionalString('DATABASE_URL'), dataDir: read.string('DATA_DIR', './.data'), pgPort: read.int('PGPORT', 54329),
      kafka: { brokers: read.optionalString('KAFKA_BROKERS'), namespace: optionalNamespace(read.optionalString('KAFKA_NAMESPACE')) },
    };
  });
  const platform = runningPlatform(env.dataDir);
  return { ...(await adminUrl(env, platform)), kafka: kafkaTarget(env.kafka, platform) };
}

async function adminUrl(env: { databaseUrl?: string; dataDir: string; pgPort: number }, platform: ReturnType<typeof runningPlatform>): Promise<Targets> {
  if (env.databaseUrl) return { url: env.databaseUrl };
  if (platform.running) return { url: platform.runtime.adminUrl };
  const secrets = readSecrets(env.dataDir);
  if (!secrets) throw new Error(`no DATABASE_URL and no ${secretsPath(env.dataDir)}; set DATA_DIR to the one npm start used, run npm start first, or set DATABASE_URL`);
  const server = await startEmbeddedPostgres({
    dataDir: join(env.dataDir, 'postgres'), port: env.pgPort, superuserPassword: secrets.postgresSuperuserPassword, passwordSource: secretsPath(env.dataDir),
  });
  stopOnSignals(server);
  return { url: withDatabase(server.adminUrl, 'shop'), server };
}

/**
 * The server runs in a process group of its own (so a Ctrl-C meant for npm start's children is not also a signal to
 * Postgres), so Ctrl-C here reaches only this process: left running, it would hold DATA_DIR, and npm start would
 * refuse to start.
 */
let interruptedBy: NodeJS.Signals | undefined;

function stopOnSignals(server: EmbeddedServer): void {
  const stop = (signal: NodeJS.Signals) => {
    interruptedBy = signal;
    console.error(`check:invariants: ${signal} received; stopping the Postgres server this check started`);
    void server.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { options } = usageOrExit('check:invariants', () => parseOptions(process.argv.slice(2), { grace: { type: 'number', min: 0 } }));
  const grace = options.grace ?? 30;
  const { url, server, kafka } = await targets();
  try {
    console.log(`checking invariants on ${redact(url)}${kafka ? ` and Kafka at ${kafka.brokers.join(',')}` : ''} (grace ${grace} s)`);
    let violations = 0;
    let since = Date.now();
    // Printed as each check finishes, with its time: the run is visibly moving on a large database.
    const report = (result: CheckResult) => {
      violations += result.violations;
      const seconds = ((Date.now() - since) / 1000).toFixed(1);
      since = Date.now();
      console.log(`${result.violations === 0 ? 'ok  ' : 'FAIL'}  ${result.name.padEnd(38)} ${result.description} (${seconds} s)`);
      for (const example of result.examples) console.log(`        ${JSON.stringify(example)}`);
    };
    // The card scan reads every text column: on a large database it runs for minutes, so its slower columns show.
    const scanned = (table: string, candidateRows: number, seconds: number) => {
      if (seconds >= 1) console.error(`      card scan: ${table}, ${candidateRows.toLocaleString('en-US')} rows holding 13 digits or more checked (${seconds.toFixed(1)} s)`);
    };
    const results = await runInvariantChecks(url, grace, report, scanned, kafka ? 'kafka' : 'postgres');
    if (kafka) {
      const result = await kafkaCheck(kafka, grace);
      results.push(result);
      report(result);
    }
    console.log(violations === 0 ? `all ${results.length} invariants hold` : `${violations} violation(s)`);
    process.exitCode = violations === 0 ? 0 : 1;
  } finally {
    await server?.stop();
  }
}

async function kafkaCheck(kafka: KafkaCoordinates, grace: number): Promise<CheckResult> {
  const client = operatorKafka('invariant-checker', kafka.brokers);
  try {
    return await kafkaStrandedBacklog(client, kafka.namespace, grace);
  } catch (error) {
    throw new Error(`could not read Kafka at ${kafka.brokers.join(',')} (${(error as Error).message}); is it up (npm run kafka:up)?`);
  }
}

main().catch((error) => {
  // The check's connection ends with the server it stops on a signal; that is not a failure to report.
  if (interruptedBy) return;
  console.error(`check:invariants: ${(error as Error).message}`);
  process.exit(2);
});
