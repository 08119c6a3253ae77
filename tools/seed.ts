import { loadConfigOrExit, redact } from '@shop/config';
import { adminDatabaseUrl } from './cli/database-url';
import { parseOptions } from './cli/parse-options';
import { usageOrExit } from './cli/usage-error';
import { seedDatabase } from './seed/seed-database';

const HELP = `usage: npm run seed -- --orders <n> [--seed <number>] [--force]

Fills the database with a year of realistic, consistent history across every schema: merchants' catalogs
(products, SKUs, the orders catalog replica, SkuChanged events), customers with saved addresses, orders with
about 3 lines each and an immutable address snapshot, the order event log (5-6 events per order, valid
envelopes in sequence, in monthly partitions), payments with the provider's ledger, refunds and the payments
outbox, reservations with stock events, and the read models made from the seeded events by the projections'
own code. Mostly DELIVERED orders, a few percent PENDING/CONFIRMED (the newest), some CANCELLED and refunded.

Loads with COPY on two connections, each one transaction, committed together at the end (nothing is left
behind by a failed run), then ANALYZE. Ids continue after what is in the database and the identity sequences
are moved past them; every consumer group is moved past the seeded events, so no service reacts to history.
Run it on an idle platform: it refuses while a consumer has unread events (--force overrides that).

  --orders <n>   orders to generate (required), e.g. 100000 or 1000000
  --seed <n>     random seed: the same seed on the same database state gives the same data (default: random)
  --force        seed even if consumers have unread events (they would skip them)

Database: DATABASE_URL, an admin URL (it writes every schema and moves sequences); without it, the database of
the platform npm start is running on DATA_DIR (default ./.data).`;

const OPTIONS = {
  orders: { type: 'integer', max: 50_000_000 },
  // Any whole number: the generator folds it to 32 bits.
  seed: { type: 'integer', min: -Infinity },
  force: { type: 'flag' },
} as const;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { options } = usageOrExit('seed', () => parseOptions(process.argv.slice(2), OPTIONS));
  const { orders, seed, force } = options;
  if (orders === undefined) {
    // The one required option: say so first, then what the tool does (the help is why someone ran it bare).
    console.error(`seed: --orders <n> is required: how many orders to generate\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const databaseUrl = loadConfigOrExit(() => adminDatabaseUrl());
  process.stderr.write(`[seed] ${orders} orders into ${redact(databaseUrl)}\n`);
  const report = await seedDatabase(databaseUrl, { orders, seed, force, progress: (line) => process.stderr.write(`[seed] ${line}\n`) });
  for (const [table, { rows, seconds }] of Object.entries(report.tables)) {
    console.log(`${table.padEnd(30)} ${String(rows).padStart(10)} rows  ${seconds.toFixed(1).padStart(6)} s  ${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-US').padStart(10)} rows/s`);
  }
  console.log(`seeded ${orders} orders (seed ${report.seed}) in ${report.seconds.toFixed(1)} s: ${Math.round(report.ordersPerSecond).toLocaleString('en-US')} orders/s`);
}

main().catch((error) => {
  console.error(`seed: ${(error as Error).message}`);
  process.exit(1);
});
