import { DLQ_OPTIONS, DLQ_SERVICES, dlqRequest, redriveExitCode } from './cli/dlq-request';
import { parseOptions } from './cli/parse-options';
import { debeziumSlotState, describeDebeziumSlot } from './cli/debezium-slot';
import { PlatformRuntime, notRunningMessage, runningPlatform } from './cli/running-platform';
import { usageOrExit } from './cli/usage-error';

const HELP = `usage: npm run dlq -- <list|redrive|lag> [--service ${DLQ_SERVICES.join('|')}] [--ids 1,2,3] [--limit N]

Operator view of the bus: 'lag' shows each consumer group's backlog (in Kafka mode also what the built-in relay
has not yet published, or whether Debezium's replication slot is read), 'list' the dead letters waiting, and
'redrive' runs dead letters through their handlers again (all of a service's, or --ids with --service: ids are
numbered per service) once the cause is fixed. 'list' shows the oldest 100 per service; --limit N (up to 1000)
for more. A redrive exits 1 when a letter still fails or an id asked for is not a pending dead letter.
Finds the services through DATA_DIR/runtime.json (written by npm start) or ORDERS_URL, INVENTORY_URL,
PAYMENTS_URL, PROJECTIONS_URL.`;

/**
 * Service URLs: a *_URL variable, else the platform npm start is running (a stale runtime.json does not count); and
 * that platform's runtime, when it is the one asked.
 */
function serviceUrls(): { urls: Record<string, string>; runtime?: PlatformRuntime } {
  const fromEnv = (service: string) => process.env[`${service.toUpperCase()}_URL`];
  const configured = DLQ_SERVICES.filter((service) => fromEnv(service)).length;
  const platform = configured === DLQ_SERVICES.length ? undefined : runningPlatform(process.env.DATA_DIR ?? './.data');
  if (platform && !platform.running && configured === 0) throw new Error(notRunningMessage(platform, 'set the *_URL variables'));
  const fromFile = platform?.running ? platform.runtime.services : {};
  const urls = Object.fromEntries(DLQ_SERVICES.map((service) => [service, fromEnv(service) ?? fromFile[service]]).filter(([, url]) => url));
  return { urls, runtime: platform?.running ? platform.runtime : undefined };
}

async function call(service: string, url: string, method = 'GET', body?: unknown): Promise<any> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    // fetch says only "fetch failed"; the cause (ECONNREFUSED, a timeout) is what tells the operator something.
    const cause = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new Error(`${service} at ${url} did not answer (${cause}); is the platform running? (npm start)`);
  }
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const request = usageOrExit('dlq', () => dlqRequest(parseOptions(process.argv.slice(2), DLQ_OPTIONS, 1)));
  if (!request) {
    // No command is a usage error (exit 2, as projections:rebuild without a name), not a request for help.
    console.error(`dlq: a command is required: list, redrive or lag\n${HELP}`);
    process.exit(2);
  }
  const { urls, runtime } = serviceUrls();
  const targets = Object.entries(urls).filter(([service]) => !request.service || service === request.service);
  if (targets.length === 0) throw new Error(`no URL for ${request.service ?? 'any service'}: start the platform with npm start (or set the *_URL variables)`);
  for (const [service, url] of targets) {
    if (request.command === 'lag') {
      const status = await call(service, `${url}/internal/bus`);
      // The projections service answers for its three groups at once, with the worst lag; show each one.
      for (const group of status.groups ?? [status]) {
        // Kafka's own tools (kafka-consumer-groups.sh) know the group by its namespaced id.
        const kafkaGroup = group.kafkaGroup ? ` (Kafka group ${group.kafkaGroup})` : '';
        console.log(`${service.padEnd(12)} group ${group.group}${kafkaGroup}: lag ${JSON.stringify(group.lag)}, dead letters ${group.deadLetters}${group.paused ? ' (paused)' : ''}`);
      }
      // The built-in relay: events of the service's outbox not yet in Kafka (every group's lag is 0 while it is stuck).
      if (status.relayLag) console.log(`${service.padEnd(12)} relay to Kafka: not yet published ${JSON.stringify(status.relayLag)}`);
    } else if (request.command === 'list') {
      const limit = request.limit ?? 100;
      const { items } = await call(service, `${url}/internal/bus/dead-letters?limit=${limit}`);
      console.log(`${service}: ${items.length} dead letter(s)${items.length === limit ? ` (the oldest ${limit}; there may be more: --limit)` : ''}`);
      for (const letter of items) console.log(`  #${letter.id} ${letter.eventType} aggregate ${letter.aggregateId} after ${letter.attempts} attempts: ${letter.error}`);
    } else {
      const result = await call(service, `${url}/internal/bus/dead-letters/redrive`, 'POST', request.ids ? { ids: request.ids } : {});
      console.log(`${service}: redriven ${result.redriven.length}, still failing ${result.failed.length}`);
      for (const failure of result.failed) console.log(`  #${failure.id}: ${failure.error}`);
      for (const id of result.notFound ?? []) console.log(`  #${id}: not a pending dead letter of ${service} (redriven already, or another service's: npm run dlq -- list)`);
      // A script must be able to tell that nothing was fixed.
      if (redriveExitCode(result) !== 0) process.exitCode = 1;
    }
  }
  // Debezium relays from the WAL, outside the services: its slot says whether it keeps up.
  if (request.command === 'lag' && !request.service && runtime?.kafka) {
    const slot = await debeziumSlotState(runtime.adminUrl, runtime.kafka.namespace);
    if (slot) console.log(describeDebeziumSlot(slot));
  }
}

main().catch((error) => {
  console.error(`dlq: ${(error as Error).message}`);
  process.exit(1);
});
