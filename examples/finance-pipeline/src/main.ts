import { reconcile } from './ledger';
import { CONFIG_HELP, readPipelineConfig } from './config';
import { FinancePipeline, PipelineLog } from './finance-pipeline';
import { LedgerStore } from './ledger-store';

const HELP = `usage: npm run example:finance-pipeline [-- --verify]   (or node dist/examples/finance-pipeline/src/main.js)

Consumes shop.payment (payments.payment-captured v1 and v2, payments.payment-refunded v1) into a ledger:
LEDGER_DIR/ledger.jsonl, one JSON line per capture or refund with the running balance of that merchant and
currency. Idempotent per event and per movement (the v1/v2 twins of a capture count once) and exactly-once
across restarts: the ledger and the offsets it covers commit together in LEDGER_DIR/state.json.

  --verify   check the ledger instead: re-derive every running balance, compare with state.json, print the
             balances; exit 1 on any disagreement

${CONFIG_HELP}`;

const log: PipelineLog = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

function verify(store: LedgerStore): number {
  const { problems, balances } = reconcile(store.readLines());
  const stored = store.state.ledger.balances;
  for (const account of new Set([...Object.keys(balances), ...Object.keys(stored)])) {
    if (balances[account] !== stored[account]) problems.push(`${account}: ledger lines sum to ${balances[account] ?? 0}, state.json says ${stored[account] ?? 0}`);
  }
  for (const [account, balance] of Object.entries(balances).sort()) console.log(`${account.padEnd(24)} ${balance}`);
  for (const problem of problems) console.error(`PROBLEM ${problem}`);
  console.log(`${store.state.ledger.lines} lines, ${store.state.rejected.length} rejected messages, ${problems.length} problems`);
  return problems.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const unknown = process.argv.slice(2).find((arg) => arg !== '--verify');
  if (unknown !== undefined) {
    console.error(`finance-pipeline: unknown option ${unknown}; the only option is --verify (see --help)`);
    process.exit(2);
  }
  let config;
  try {
    config = readPipelineConfig(process.argv.includes('--verify') ? { KAFKA_BROKERS: 'unused', ...process.env } : process.env);
  } catch (error) {
    console.error(`finance-pipeline: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  const store = LedgerStore.open(config.ledgerDir, config.topic, { readOnly: process.argv.includes('--verify') });
  if (process.argv.includes('--verify')) process.exit(verify(store));
  const pipeline = new FinancePipeline(config, store, log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void pipeline.stop());
  await pipeline.start();
  await pipeline.stopped;
  log.info('finance pipeline stopped', { ...pipeline.stats });
}

main().catch((error) => {
  console.error(`finance-pipeline: ${(error as Error).message}`);
  process.exit(1);
});
