import { Client } from 'pg';
import { scanForCardNumbers } from './card-scan';
import { INVARIANT_CHECKS } from './checks';

export interface CheckResult {
  name: string;
  description: string;
  violations: number;
  examples: Record<string, unknown>[];
}

const CHECKPOINT_SCHEMAS = ['orders', 'inventory', 'payments', 'readmodels'];
const SOURCES = new Set(['orders.order_events', 'inventory.outbox', 'payments.outbox']);
/** The built-in Kafka relay keeps its position in Postgres under this group name (`relay:kafka`). */
const RELAY_GROUP_PREFIX = 'relay:';

/**
 * Runs every invariant in one read-only REPEATABLE READ transaction, so all checks see one consistent snapshot
 * and the checker can never change anything.
 */
export async function runInvariantChecks(
  adminUrl: string,
  graceSeconds: number,
  onResult: (result: CheckResult) => void = () => {},
  /** Progress within the card-number scan, which reads every text column of every schema: the longest check. */
  onScanned: (table: string, candidateRows: number, seconds: number) => void = () => {},
  /**
   * Where the consumer groups keep their positions: in Postgres (the embedded bus), or as Kafka offsets, judged by
   * the Kafka check; then the groups' rows in Postgres are leftovers (of the embedded bus before a switch, of a
   * rebuild) and only the built-in relay's position there is live.
   */
  groupPositions: 'postgres' | 'kafka' = 'postgres',
): Promise<CheckResult[]> {
  const client = new Client({ connectionString: adminUrl, application_name: 'invariant-checker' });
  await client.connect();
  const results: CheckResult[] = [];
  // Each result is handed on as it is known: on a large database the checks take tens of seconds in all.
  const record = (result: CheckResult) => {
    results.push(result);
    onResult(result);
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const check of INVARIANT_CHECKS) {
      const usesGrace = check.sql.includes('$1');
      const { rows } = await client.query(`SELECT * FROM (${check.sql}) AS violations LIMIT 1000`, usesGrace ? [graceSeconds] : []);
      record({ name: check.name, description: check.description, violations: rows.length, examples: rows.slice(0, 5) });
    }
    record(await strandedBacklog(client, graceSeconds, groupPositions));
    const cards = await scanForCardNumbers(client, onScanned);
    record({ name: 'no-card-numbers-stored', description: 'no text in any schema looks like a card number (13-19 digits passing Luhn)', violations: cards.length, examples: cards });
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
  return results;
}

/** Events older than the grace period that a consumer group or relay has not passed yet. */
async function strandedBacklog(client: Client, graceSeconds: number, groupPositions: 'postgres' | 'kafka'): Promise<CheckResult> {
  const examples: Record<string, unknown>[] = [];
  for (const schema of CHECKPOINT_SCHEMAS) {
    const { rows: checkpoints } = await client.query<{ consumer_group: string; source: string; txid: string; id: string }>(
      `SELECT consumer_group, source, last_txid::text AS txid, last_id::text AS id FROM ${schema}.consumer_checkpoints`,
    );
    const live = (row: { consumer_group: string }) => groupPositions === 'postgres' || row.consumer_group.startsWith(RELAY_GROUP_PREFIX);
    for (const checkpoint of checkpoints.filter((row) => SOURCES.has(row.source) && live(row))) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${checkpoint.source} WHERE (txid, id) > ($1::xid8, $2::bigint) AND created_at < now() - make_interval(secs => $3)`,
        [checkpoint.txid, checkpoint.id, graceSeconds],
      );
      if (rows[0].n > 0) examples.push({ schema, group: checkpoint.consumer_group, source: checkpoint.source, stranded: rows[0].n });
    }
  }
  // Positions kept in Postgres only: Kafka-mode groups keep theirs as Kafka offsets (npm run dlq -- lag).
  return { name: 'no-stranded-outbox-rows', description: 'every consumer group and relay that keeps its position in Postgres has passed every event older than the grace period', violations: examples.length, examples };
}
