import { loadConfigOrExit, redact } from '@shop/config';
import { adminDatabaseUrl } from './cli/database-url';
import { parseOptions } from './cli/parse-options';
import { UsageError, usageOrExit } from './cli/usage-error';
import { PROJECTION_NAMES, ProjectionName, isProjectionName } from '../services/projections/src/domain/projection-names';
import { rebuildProjections } from '../services/projections/src/rebuild/rebuild';

const HELP = `usage: npm run projections:rebuild -- <${PROJECTION_NAMES.join(' | ')} | all> [--page-size 5000]

Rebuilds read models from the event logs (orders.order_events, payments.outbox) while the platform keeps
running: replays every event from the beginning into shadow tables (COPY), catches them up with what arrived
meanwhile, then in one short transaction takes the projection's consumer lock, applies the last events, swaps
the shadow tables in (DROP + RENAME) and moves the projection's checkpoint to the end of the replay. Live
consumers lose nothing and count nothing twice: a batch the consumer read before the swap and applies after it
finds its events already in the new tables, and every projection leaves a row it finds unchanged. Readers see
the old tables until the swap commits, then the new ones. Progress goes to stderr, the summary to stdout.

Database: DATABASE_URL, either the projections_svc URL (it owns the read-model tables and may create in
schema readmodels) or an admin URL (a superuser or a member of projections_svc; the rebuild then acts as
projections_svc, so the rebuilt tables keep their owner). Without it, the admin URL of the platform npm start
is running on DATA_DIR (default ./.data).
--page-size: events per catch-up read and transaction (default 5000); the bulk pass streams through a cursor.

Embedded mode (BUS=postgres) is exact. With BUS=kafka, events the Kafka consumer applied above the horizon
during the rebuild are not in the rebuilt tables: stop the projections service for the swap.`;

function parseArgs(argv: string[]): { names: ProjectionName[]; pageSize: number } {
  const { options, positionals } = parseOptions(argv, { 'page-size': { type: 'integer', max: 100_000 } }, 1);
  const [name] = positionals;
  const choices = `${PROJECTION_NAMES.join(', ')} or all`;
  if (name === undefined) throw new UsageError(`name the projection to rebuild: ${choices}`);
  if (name !== 'all' && !isProjectionName(name)) throw new UsageError(`unknown projection "${name}": ${choices}`);
  return { names: name === 'all' ? [...PROJECTION_NAMES] : [name], pageSize: options['page-size'] ?? 5_000 };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const args = usageOrExit('projections:rebuild', () => parseArgs(process.argv.slice(2)));
  const databaseUrl = loadConfigOrExit(() => adminDatabaseUrl());
  process.stderr.write(`[rebuild] ${args.names.join(', ')} on ${redact(databaseUrl)}\n`);
  const report = await rebuildProjections(databaseUrl, args.names, { pageSize: args.pageSize, progress: (line) => process.stderr.write(`[rebuild] ${line}\n`) });
  const { replay } = report;
  console.log(`replayed ${replay.events} events in ${replay.seconds.toFixed(1)} s (${Math.round(replay.eventsPerSecond)} events/s), ${replay.rejected} rejected by their contracts`);
  console.log(`rows: ${Object.entries(replay.rows).map(([table, rows]) => `${table} ${rows}`).join(', ')}`);
  for (const [name, projection] of Object.entries(report.projections)) {
    console.log(`${name}: +${projection.catchUpEvents} caught up, +${projection.swap.finalCatchUp} in the swap (lock wait ${projection.swap.lockWaitMs} ms), checkpoint ${JSON.stringify(projection.positions)}`);
  }
  console.log(`done in ${report.seconds.toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`projections:rebuild: ${(error as Error).message}`);
  process.exit(1);
});
