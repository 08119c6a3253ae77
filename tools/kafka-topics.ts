import { envReader, loadConfigOrExit } from '@shop/config';
import { createMissingTopics, namespaceTopics, topicDrift } from '@shop/messaging';
import { ConfigResourceTypes } from 'kafkajs';
import { kafkaTarget, operatorKafka, optionalNamespace } from './cli/kafka-target';
import { parseOptions } from './cli/parse-options';
import { runningPlatform } from './cli/running-platform';
import { usageOrExit } from './cli/usage-error';

const HELP = `usage: npm run kafka:topics [-- --check]

Creates the namespace's Kafka topics as infra/kafka/topics.json defines them (partitions, retention,
compaction), those that do not exist yet, and reports every existing topic that differs from its definition.
The services create missing topics the same way when they start; run this ahead of them where the brokers
refuse automatic creation, or to audit a cluster. It changes no existing topic: fewer partitions than defined
would need a repartition, and a config is changed with Kafka's own tools.

  --check   create nothing; exit 1 when a topic is missing or differs

Exits 1 when a topic differs from its definition (or, with --check, is missing), 2 when Kafka cannot be read.
Kafka: KAFKA_BROKERS and KAFKA_NAMESPACE (default shop) when set, else those of the running npm start in
Kafka mode, else 127.0.0.1:9092.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { options } = usageOrExit('kafka:topics', () => parseOptions(process.argv.slice(2), { check: { type: 'flag' } }));
  const env = loadConfigOrExit(() => {
    const read = envReader();
    return { brokers: read.optionalString('KAFKA_BROKERS'), namespace: optionalNamespace(read.optionalString('KAFKA_NAMESPACE')), dataDir: read.string('DATA_DIR', './.data') };
  });
  const { brokers, namespace } = kafkaTarget(env, runningPlatform(env.dataDir), { brokers: ['127.0.0.1:9092'], namespace: 'shop' })!;
  const admin = operatorKafka('kafka-topics', brokers).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`could not reach Kafka at ${brokers.join(',')} (${(error as Error).message}); is it up (npm run kafka:up)?`);
  }
  try {
    const definitions = namespaceTopics(namespace);
    console.log(`Kafka at ${brokers.join(',')}, namespace ${namespace}: ${definitions.length} topics defined (infra/kafka/topics.json)`);
    const created = new Set(options.check ? [] : await createMissingTopics(admin, definitions));
    const existing = new Set(await admin.listTopics());
    const present = definitions.filter((definition) => existing.has(definition.topic));
    const metadata = present.length > 0 ? await admin.fetchTopicMetadata({ topics: present.map((definition) => definition.topic) }) : { topics: [] };
    const partitions = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    const described = present.length > 0
      ? await admin.describeConfigs({ includeSynonyms: false, resources: present.map((definition) => ({ type: ConfigResourceTypes.TOPIC, name: definition.topic })) })
      : { resources: [] };
    const configs = new Map(described.resources.map((resource) => [resource.resourceName, Object.fromEntries(resource.configEntries.map((entry) => [entry.configName, entry.configValue]))]));
    let problems = 0;
    for (const definition of definitions) {
      let verdict: string;
      if (created.has(definition.topic)) verdict = 'created';
      else if (!existing.has(definition.topic)) {
        verdict = 'missing';
        problems++;
      } else {
        const drift = topicDrift(definition, { partitions: partitions.get(definition.topic) ?? 0, config: configs.get(definition.topic) ?? {} });
        verdict = drift.length === 0 ? 'ok' : `differs: ${drift.join('; ')}`;
        if (drift.length > 0) problems++;
      }
      console.log(`  ${definition.topic.padEnd(32)} ${verdict}`);
    }
    console.log(problems === 0 ? 'every topic matches its definition' : `${problems} topic(s) missing or different from infra/kafka/topics.json`);
    process.exitCode = problems === 0 ? 0 : 1;
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(`kafka:topics: ${(error as Error).message}`);
  process.exit(2);
});
