import { ConfigError } from '@shop/config';
import type { Queryable } from '@shop/postgres';
import { BackgroundWorker, intervalWorker } from '@shop/service-kit';
import type { Logger } from 'pino';
import { ConsumerStore } from './consumer-store';
import { TopicDefinitionsFile, loadTopicDefinitions } from './topic-definitions';

const DAY_MS = 86_400_000;
/** What Kafka keeps when a topic sets no retention.ms (the broker's log.retention.hours, 168 by default). */
const KAFKA_DEFAULT_RETENTION_MS = 7 * DAY_MS;
/** How long a segment stays open when a topic sets no segment.ms (the broker's log.roll.hours, 168 by default). */
const KAFKA_DEFAULT_SEGMENT_MS = 7 * DAY_MS;

export interface PruneInboxOptions {
  /** Rows per DELETE: small enough that no statement holds the table's index pages long. */
  batchSize?: number;
  /** Work per call; a backlog (the first run after an upgrade) is worked off over several calls. */
  budgetMs?: number;
  log?: Logger;
}

/**
 * Deletes a service's inbox rows older than `retentionDays`, in batches, oldest first. An inbox row only has to
 * outlive every redelivery of its event: a saga step's inbox gains a row per order and step, and kept for ever
 * it grew by the platform's whole history (tens of millions of rows a month at the design's volume).
 */
export async function pruneInbox(db: Queryable, schema: string, retentionDays: number, options: PruneInboxOptions = {}): Promise<number> {
  const store = new ConsumerStore(schema);
  const batchSize = options.batchSize ?? 5_000;
  const deadline = Date.now() + (options.budgetMs ?? 10_000);
  let pruned = 0;
  for (;;) {
    const { scanned, deleted } = await store.pruneInbox(db, retentionDays, batchSize);
    pruned += deleted;
    // Rows kept for a dead letter are taken again by the next batch: a handful at most, so the batches go on.
    if (scanned < batchSize || Date.now() >= deadline) break;
  }
  if (pruned > 0) options.log?.info({ schema, pruned, retentionDays }, 'pruned inbox rows past their retention');
  return pruned;
}

/**
 * The topic whose events a Kafka consumer can be handed again the longest after they were written. Kafka deletes
 * whole segments, a segment only once its newest record is past retention.ms, and the open one is closed after
 * segment.ms: a record stays readable for up to retention.ms + segment.ms.
 */
export function longestTopicRetention(file: TopicDefinitionsFile): { topic: string; ms: number } | undefined {
  const topics = [...Object.entries(file.events), ['dead letters', file.deadLetters] as const];
  let longest: { topic: string; ms: number } | undefined;
  for (const [topic, settings] of topics) {
    const policy = settings.config['cleanup.policy'] ?? 'delete';
    // A compacted-only topic keeps the newest event per key for ever; its consumers guard by version instead.
    if (!policy.split(',').map((part) => part.trim()).includes('delete')) continue;
    const configured = settings.config['retention.ms'];
    const retention = configured === undefined ? KAFKA_DEFAULT_RETENTION_MS : Number(configured) < 0 ? Infinity : Number(configured);
    const ms = retention + Number(settings.config['segment.ms'] ?? KAFKA_DEFAULT_SEGMENT_MS);
    if (!longest || ms > longest.ms) longest = { topic, ms };
  }
  return longest;
}

/**
 * In Kafka mode a consumer group starts from the oldest event its topics still hold (a new group, or offsets
 * reset), and only the inbox makes those old events harmless. So inbox rows must outlive the topics' retention.
 */
export function checkInboxRetention(retentionDays: number, file: TopicDefinitionsFile = loadTopicDefinitions()): void {
  const longest = longestTopicRetention(file);
  if (!longest || retentionDays * DAY_MS > longest.ms) return;
  const held = Number.isFinite(longest.ms) ? `up to ${+(longest.ms / DAY_MS).toFixed(2)} days (retention.ms + segment.ms)` : 'for ever (retention.ms -1)';
  throw new ConfigError(
    'INBOX_RETENTION_DAYS',
    `must be longer than every Kafka topic the consumers read keeps its events, got ${retentionDays}: topic ${longest.topic} keeps them ${held} ` +
      `(infra/kafka/topics.json), and a consumer group reset to its start would handle again events whose inbox rows were deleted. ` +
      'Raise INBOX_RETENTION_DAYS or shorten the topic\'s retention.ms or segment.ms.',
  );
}

/** A service's config, with the inbox retention checked against the topics when it runs in Kafka mode. */
export function withCheckedInboxRetention<Config extends { bus: string; inboxRetentionDays: number }>(config: Config): Config {
  if (config.bus === 'kafka') checkInboxRetention(config.inboxRetentionDays);
  return config;
}

/** Prunes `schema`'s inbox every minute; a minute with nothing to prune costs one index probe. */
export function inboxRetentionWorker(db: Queryable, schema: string, retentionDays: number, log: Logger): BackgroundWorker {
  return intervalWorker('inbox-retention', 60_000, log, () => pruneInbox(db, schema, retentionDays, { log }));
}
