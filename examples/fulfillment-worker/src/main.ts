import { CONFIG_HELP, readWorkerConfig } from './config';
import { FulfillmentWorker, WorkerLog } from './fulfillment-worker';

const HELP = `usage: npm run example:fulfillment-worker   (or node dist/examples/fulfillment-worker/src/main.js)

Ships a merchant's orders as soon as the platform confirms them: consumes shop.order from Kafka, and for
each order that became CONFIRMED calls POST /v1/orders/{id}/transitions {to: SHIPPED}. Idempotent (handled
event ids are kept in STATE_FILE) and commits offsets only after the API answered. Ctrl-C stops it cleanly.

${CONFIG_HELP}`;

const log: WorkerLog = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const unknown = process.argv.slice(2);
  if (unknown.length > 0) {
    console.error(`fulfillment-worker: unknown option ${unknown[0]}; it is configured by environment variables (see --help)`);
    process.exit(2);
  }
  let config;
  try {
    config = readWorkerConfig();
  } catch (error) {
    console.error(`fulfillment-worker: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  const worker = new FulfillmentWorker(config, log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void worker.stop());
  await worker.start();
  await worker.stopped;
  log.info('fulfillment worker stopped', { ...worker.stats });
}

main().catch((error) => {
  console.error(`fulfillment-worker: ${(error as Error).message}`);
  process.exit(1);
});
