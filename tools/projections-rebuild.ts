import { envReader, loadConfigOrExit, redact } from '@shop/config';
import { PROJECTION_NAMES, ProjectionName, isProjectionName } from '../services/projections/src/domain/projection-names';
import { rebuildProjections } from '../services/projections/src/rebuild/rebuild';

const HELP = `usage: npm run projections:rebuild -- <${PROJECTION_NAMES.join(' | ')} | all> [--page-size 5000]

Rebuilds read models from the event logs (orders.order_events, payments.outbox) while the platform keeps
running: replays every event from the beginning into shadow tables (COPY), catches them up with what arrived
meanwhile, then in one short transaction takes the projection's consumer lock, applies the last events, marks
them processed for the live consumer, swaps the shadow tables in (DROP + RENAME) and moves the projection's
checkpoint to the end of the replay. Live consumers lose nothing and count nothing twice; readers see the old
tables until the swap commits, then the new ones. Progress goes to stderr, the summary to stdout.

Database: DATABASE_URL, either the projections_svc URL (it owns the read-model tables and may create in
schema readmodels) or an admin URL (a superuser or a member of projections_svc; the rebuild then acts as
projections_svc, so the rebuilt tables keep their owner).
--page-size: events per catch-up read and transaction (default 5000); the bulk pass streams through a cursor.

Embedded mode (BUS=postgres) is exact. With BUS=kafka, events the Kafka consumer applied above the horizon
during the rebuild are not in the rebuilt tables: stop the projections service for the swap.`;

function parseArgs(argv: string[]): { names: ProjectionName[]; pageSize: number } | undefined {
  const positional = argv.filter((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--page-size');
  const pageIndex = argv.indexOf('--page-size');
  const pageSize = pageIndex >= 0 ? Number(argv[pageIndex + 1]) : 5_000;
  if (positional.length !== 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) return undefined;
  const [name] = positional;
  if (name === 'all') return { names: [...PROJECTION_NAMES], pageSize };
  return isProjectionName(name) ? { names: [name], pageSize } : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(HELP);
    process.exitCode = 2;
    return;
  }
  const databaseUrl = loadConfigOrExit(() => envReader().url('DATABASE_URL', ['postgres:', 'postgresql:']));
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
