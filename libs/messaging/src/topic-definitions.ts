import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGGREGATE_TYPES, AggregateType, deadLetterTopicFor, topicFor } from '@shop/contracts';
import { repoRoot } from '@shop/config';

/** One topic as infra/kafka/topics.json defines it for a namespace. */
export interface TopicDefinition {
  topic: string;
  partitions: number;
  /** Kafka topic configs (retention.ms, cleanup.policy, ...), as strings. */
  config: Record<string, string>;
}

interface TopicSettings {
  partitions: number;
  config: Record<string, string>;
}

export interface TopicDefinitionsFile {
  events: Record<AggregateType, TopicSettings>;
  deadLetters: TopicSettings;
}

function checkSettings(where: string, settings: unknown): TopicSettings {
  const value = settings as Partial<TopicSettings> | undefined;
  if (!value || !Number.isInteger(value.partitions) || value.partitions! < 1) throw new Error(`${where}: partitions must be a positive integer`);
  const config = value.config ?? {};
  for (const [key, setting] of Object.entries(config)) if (typeof setting !== 'string') throw new Error(`${where}: config ${key} must be a string`);
  return { partitions: value.partitions!, config };
}

/** Checks the file's shape: every aggregate type defined, nothing else, positive partitions, string configs. */
export function parseTopicDefinitions(text: string, source = 'infra/kafka/topics.json'): TopicDefinitionsFile {
  const raw = JSON.parse(text) as { events?: Record<string, unknown>; deadLetters?: unknown };
  const events = raw.events ?? {};
  const unknown = Object.keys(events).filter((type) => !AGGREGATE_TYPES.includes(type as AggregateType));
  if (unknown.length > 0) throw new Error(`${source}: events.${unknown[0]} is not an aggregate type (${AGGREGATE_TYPES.join(', ')})`);
  const parsed = Object.fromEntries(AGGREGATE_TYPES.map((type) => {
    if (!(type in events)) throw new Error(`${source}: events.${type} is missing: every aggregate type needs its topic defined`);
    return [type, checkSettings(`${source}: events.${type}`, events[type])];
  })) as Record<AggregateType, TopicSettings>;
  return { events: parsed, deadLetters: checkSettings(`${source}: deadLetters`, raw.deadLetters) };
}

let cached: TopicDefinitionsFile | undefined;

/** infra/kafka/topics.json, read once per process. */
export function loadTopicDefinitions(): TopicDefinitionsFile {
  cached ??= parseTopicDefinitions(readFileSync(join(repoRoot(), 'infra/kafka/topics.json'), 'utf8'));
  return cached;
}

/** Every topic of a namespace: each aggregate type's, then each one's dead-letter topic. */
export function namespaceTopics(namespace: string, file: TopicDefinitionsFile = loadTopicDefinitions()): TopicDefinition[] {
  const events = AGGREGATE_TYPES.map((type) => ({ topic: topicFor(type, namespace), ...file.events[type] }));
  return [...events, ...events.map(({ topic }) => ({ topic: deadLetterTopicFor(topic), ...file.deadLetters }))];
}

/** The definitions of `topics` (names of the namespace); a name the file does not define is an error. */
export function definitionsOf(topics: string[], namespace: string, file: TopicDefinitionsFile = loadTopicDefinitions()): TopicDefinition[] {
  const byName = new Map(namespaceTopics(namespace, file).map((definition) => [definition.topic, definition]));
  return topics.map((topic) => {
    const definition = byName.get(topic);
    if (!definition) throw new Error(`topic ${topic} is not defined for namespace ${namespace} (infra/kafka/topics.json)`);
    return definition;
  });
}

/** The defined configs an existing topic holds another value for (or none). */
export function differingConfigs(definition: TopicDefinition, config: Record<string, string | undefined>): string[] {
  return Object.keys(definition.config).filter((key) => config[key] !== definition.config[key]);
}

/** How an existing topic differs from its definition; empty when it matches. Configs not in the definition are not compared. */
export function topicDrift(definition: TopicDefinition, actual: { partitions: number; config: Record<string, string | undefined> }): string[] {
  const drift: string[] = [];
  if (actual.partitions !== definition.partitions) drift.push(`partitions ${actual.partitions} (defined ${definition.partitions})`);
  for (const key of differingConfigs(definition, actual.config)) drift.push(`${key} ${actual.config[key] ?? 'unset'} (defined ${definition.config[key]})`);
  return drift;
}

/**
 * Every config to set on a topic so that it matches its definition. Kafka's AlterConfigs replaces the whole set of
 * configs set on a topic, so those set on it that the definition leaves out are sent again, unchanged.
 */
export function alignedTopicConfig(definition: TopicDefinition, setOnTopic: Record<string, string>): Record<string, string> {
  return { ...setOnTopic, ...definition.config };
}
