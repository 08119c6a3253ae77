import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SERVICES = ['orders', 'inventory', 'payments', 'projections'] as const;
const HELP = `usage: npm run dlq -- <list|redrive|lag> [--service ${SERVICES.join('|')}] [--ids 1,2,3]

Operator view of the bus: 'lag' shows each consumer group's backlog, 'list' the dead letters waiting, and
'redrive' runs dead letters through their handlers again (all of a service's, or --ids) once the cause is fixed.
Finds the services through DATA_DIR/runtime.json (written by npm start) or ORDERS_URL, INVENTORY_URL,
PAYMENTS_URL, PROJECTIONS_URL.`;

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function serviceUrls(): Record<string, string> {
  const runtime = join(resolve(process.env.DATA_DIR ?? './.data'), 'runtime.json');
  const fromFile = existsSync(runtime) ? (JSON.parse(readFileSync(runtime, 'utf8')).services as Record<string, string>) : {};
  return Object.fromEntries(SERVICES.map((service) => [service, process.env[`${service.toUpperCase()}_URL`] ?? fromFile[service]]).filter(([, url]) => url));
}

async function call(url: string, method = 'GET', body?: unknown): Promise<any> {
  const response = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (!command || process.argv.includes('--help') || !['list', 'redrive', 'lag'].includes(command)) {
    console.log(HELP);
    process.exitCode = command && !process.argv.includes('--help') ? 2 : 0;
    return;
  }
  const urls = serviceUrls();
  const only = arg('service');
  const targets = Object.entries(urls).filter(([service]) => !only || service === only);
  if (targets.length === 0) throw new Error('no running services found: start the platform with npm start (or set the *_URL variables)');
  for (const [service, url] of targets) {
    if (command === 'lag') {
      const status = await call(`${url}/internal/bus`);
      console.log(`${service.padEnd(12)} group ${status.group}: lag ${JSON.stringify(status.lag)}, dead letters ${status.deadLetters}`);
    } else if (command === 'list') {
      const { items } = await call(`${url}/internal/bus/dead-letters`);
      console.log(`${service}: ${items.length} dead letter(s)`);
      for (const letter of items) console.log(`  #${letter.id} ${letter.eventType} aggregate ${letter.aggregateId} after ${letter.attempts} attempts: ${letter.error}`);
    } else {
      const ids = arg('ids')?.split(',').map((id) => id.trim());
      const result = await call(`${url}/internal/bus/dead-letters/redrive`, 'POST', ids ? { ids } : {});
      console.log(`${service}: redriven ${result.redriven.length}, still failing ${result.failed.length}`);
      for (const failure of result.failed) console.log(`  #${failure.id}: ${failure.error}`);
    }
  }
}

main().catch((error) => {
  console.error(`dlq: ${(error as Error).message}`);
  process.exit(1);
});
