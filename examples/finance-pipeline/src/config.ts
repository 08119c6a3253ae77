/** Everything the pipeline reads from its environment, read once at start-up. */
export interface PipelineConfig {
  brokers: string[];
  /** `shop.payment`, or another topic carrying the same messages (tests use a fresh one per run). */
  topic: string;
  groupId: string;
  /** Holds ledger.jsonl and state.json. */
  ledgerDir: string;
}

export const CONFIG_HELP = `Environment:
  KAFKA_BROKERS   comma-separated brokers (required), e.g. 127.0.0.1:9092
  PAYMENT_TOPIC   topic of payment events (default shop.payment)
  GROUP_ID        Kafka consumer group (default finance-pipeline)
  LEDGER_DIR      where ledger.jsonl and state.json live (default ./.data/finance-pipeline)`;

/** Reads the configuration; throws naming the variable when one is missing. */
export function readPipelineConfig(env: Record<string, string | undefined> = process.env): PipelineConfig {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is required');
  return {
    brokers,
    topic: env.PAYMENT_TOPIC ?? 'shop.payment',
    groupId: env.GROUP_ID ?? 'finance-pipeline',
    ledgerDir: env.LEDGER_DIR ?? './.data/finance-pipeline',
  };
}
