/** Command line of the messaging benchmark; parsing is pure so it can be tested. */

export type BenchMode = 'postgres' | 'kafka' | 'debezium';

export interface MessagingBenchOptions {
  modes: BenchMode[];
  /** Events written in the throughput phase (producers flat out). */
  events: number;
  /** Offered load of the latency phase, events per second. */
  rate: number;
  /** Length of the latency phase. */
  seconds: number;
  producers: number;
  /** Events per producer transaction. */
  perTx: number;
  batchSize?: number;
  pollMs?: number;
  outDir: string;
  help: boolean;
}

export const HELP = `usage: node dist/bench/messaging.js [options]      (npm run bench -- messaging [options])

Measures the event bus: producers append to inventory.outbox (the real OutboxWriter, aggregates locked, small
transactions on several connections) while one consumer group handles the events. Per mode, two phases:
  throughput  --events written flat out; events/s from the first commit to the last handled event
  latency     --rate events/s offered for --seconds; commit-to-handler latency p50/p99/max (the producer stamps
              Date.now() right after COMMIT, the handler when it is called, keyed by event id)

Options:
  --modes LIST        postgres,kafka,debezium (default: postgres, plus kafka when KAFKA_BROKERS is set, plus
                      debezium when CONNECT_URL is set too)
  --events N          events in the throughput phase (default 50000)
  --rate R            offered events/s in the latency phase (default 5000)
  --seconds S         length of the latency phase (default 10)
  --producers P       concurrent producer connections (default 4)
  --per-tx K          events per producer transaction (default 4)
  --batch-size B      consumer/relay batch size (default: the library's)
  --poll-ms M         consumer/relay idle poll interval (default: the library's)
  --out DIR           where the JSON result goes (default bench/results)
  --help              this text

Environment:
  DATABASE_URL        an admin URL of a migrated database to use; otherwise the test Postgres is started
                      (TEST_PGPORT, default 54330) and a fresh database is copied from the migrated template
  KAFKA_BROKERS       enables the kafka mode (built-in relay, outbox -> Kafka -> consumer group)
  CONNECT_URL         with KAFKA_BROKERS, enables the debezium mode (registers infra/debezium/outbox-connector.json)

Targets (2 cores): postgres >= 5000 events/s and p99 < 50 ms; kafka >= 5000 events/s and p99 < 200 ms;
debezium p99 < 500 ms. Results: bench/results/messaging-<timestamp>.json and a table on stdout.`;

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got "${text}"`);
  return value;
}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): MessagingBenchOptions {
  const values = new Map<string, string>();
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      values.set(name, inline ?? argv[++index]);
    } else throw new Error(`unexpected argument "${arg}"; see --help`);
  }
  const known = new Set(['modes', 'events', 'rate', 'seconds', 'producers', 'per-tx', 'batch-size', 'poll-ms', 'out']);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}; see --help`);

  const defaultModes: BenchMode[] = ['postgres', ...(env.KAFKA_BROKERS ? (['kafka'] as const) : []), ...(env.KAFKA_BROKERS && env.CONNECT_URL ? (['debezium'] as const) : [])];
  const modes = values.has('modes') ? (values.get('modes')!.split(',').map((mode) => mode.trim()) as BenchMode[]) : defaultModes;
  for (const mode of modes) {
    if (!['postgres', 'kafka', 'debezium'].includes(mode)) throw new Error(`unknown mode "${mode}"`);
    if (mode !== 'postgres' && !env.KAFKA_BROKERS) throw new Error(`mode ${mode} needs KAFKA_BROKERS (npm run kafka:up)`);
    if (mode === 'debezium' && !env.CONNECT_URL) throw new Error('mode debezium needs CONNECT_URL (e.g. http://127.0.0.1:8083)');
  }
  return {
    modes,
    events: Math.floor(positive('events', values.get('events') ?? '50000')),
    rate: positive('rate', values.get('rate') ?? '5000'),
    seconds: positive('seconds', values.get('seconds') ?? '10'),
    producers: Math.floor(positive('producers', values.get('producers') ?? '4')),
    perTx: Math.floor(positive('per-tx', values.get('per-tx') ?? '4')),
    batchSize: values.has('batch-size') ? Math.floor(positive('batch-size', values.get('batch-size'))) : undefined,
    pollMs: values.has('poll-ms') ? positive('poll-ms', values.get('poll-ms')) : undefined,
    outDir: values.get('out') ?? 'bench/results',
    help,
  };
}
