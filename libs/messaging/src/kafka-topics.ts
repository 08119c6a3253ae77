import type { Admin } from 'kafkajs';
import type { TopicDefinition } from './topic-definitions';

/**
 * Creates the topics of `definitions` that do not exist yet, with their partitions and configs; returns their
 * names. Only the missing ones: asking for existing topics is answered with errors. Another process creating one
 * meanwhile is fine (kafkajs passes over TOPIC_ALREADY_EXISTS); any other refusal, a bad config say, is thrown.
 */
export async function createMissingTopics(admin: Admin, definitions: TopicDefinition[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = definitions.filter((definition) => !existing.has(definition.topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ topic, partitions, config }) => ({
        topic, numPartitions: partitions, configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    const names = missing.map((definition) => definition.topic).join(', ');
    throw new Error(`could not create Kafka topics ${names} (${(error as Error).message}): create them ahead with npm run kafka:topics, or let this client create topics`);
  }
  return missing.map((definition) => definition.topic);
}
