import { envReader, loadConfigOrExit } from '@shop/config';
import { alignedTopicConfig, createMissingTopics, differingConfigs, namespaceTopics, topicDrift } from '@shop/messaging';
import { Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { kafkaTarget, operatorKafka, optionalNamespace } from './cli/kafka-target';
import { parseOptions } from './cli/parse-options';
import { runningPlatform } from './cli/running-platform';
import { UsageError, usageOrExit } from './cli/usage-error';

const HELP = `usage: npm run kafka:topics [-- --check | --apply]

Creates the namespace's Kafka topics as infra/kafka/topics.json defines them (partitions, retention,
compaction), those that do not exist yet, and reports every existing topic that differs from its definition.
The services create missing topics the same way when they start; run this ahead of them where the brokers
refuse automatic creation, or to audit a cluster.

  --check   create nothing; exit 1 when a topic is missing or differs
  --apply   also set the defined configs on existing topics that differ (configs set on a topic that the
            definition leaves out are kept). Partitions are never changed: more would send keys to other
            partitions while events are in flight, breaking their order, and Kafka cannot remove any. Add them
            with Kafka's own kafka-topics.sh --alter once every consumer group has caught up.

Exits 1 when a topic differs from its definition (or, with --check, is missing), 2 when Kafka cannot be read.
Kafka: KAFKA_BROKERS and KAFKA_NAMESPACE (default shop) when set, else those of the running npm start in
Kafka mode, else 127.0.0.1:9092.`;

/** What the broker says of an existing topic: its partitions, every config, and those set on the topic itself. */
interface TopicState {
  partitions: number;
  config: Record<string, string>;
  setOnTopic: Record<string, string>;
}

async function readTopics(admin: Admin, topics: string[]): Promise<Map<string, TopicState>> {
  if (topics.length === 0) return new Map();
  const metadata = await admin.fetchTopicMetadata({ topics });
  const partitions = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
  return new Map(described.resources.map((resource) => {
    const entries = resource.configEntries.filter((entry) => entry.configValue !== null);
    return [resource.resourceName, {
      partitions: partitions.get(resource.resourceName) ?? 0,
      config: Object.fromEntries(entries.map((entry) => [entry.configName, entry.configValue])),
      setOnTopic: Object.fromEntries(entries.filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG).map((entry) => [entry.configName, entry.configValue])),
    }];
  }));
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { options } = usageOrExit('kafka:topics', () => {
    const parsed = parseOptions(process.argv.slice(2), { check: { type: 'flag' }, apply: { type: 'flag' } });
    if (parsed.options.check && parsed.options.apply) throw new UsageError('--check and --apply cannot go together: --check changes nothing');
    return parsed;
  });
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
    const present = definitions.filter((definition) => existing.has(definition.topic) && !created.has(definition.topic));
    let states = await readTopics(admin, present.map((definition) => definition.topic));
    const updated = new Map<string, string[]>();
    if (options.apply) {
      for (const definition of present) {
        const changed = differingConfigs(definition, states.get(definition.topic)!.config);
        if (changed.length > 0) updated.set(definition.topic, changed);
      }
      const toAlign = present.filter((definition) => updated.has(definition.topic));
      if (toAlign.length > 0) {
        await admin.alterConfigs({
          validateOnly: false,
          resources: toAlign.map((definition) => ({
            type: ConfigResourceTypes.TOPIC, name: definition.topic,
            configEntries: Object.entries(alignedTopicConfig(definition, states.get(definition.topic)!.setOnTopic)).map(([name, value]) => ({ name, value })),
          })),
        });
        // Read back: the verdict is what the broker now says, not what was asked of it.
        states = await readTopics(admin, present.map((definition) => definition.topic));
      }
    }
    let problems = 0;
    let partitionsDiffer = false;
    for (const definition of definitions) {
      const state = states.get(definition.topic);
      let verdict: string;
      if (created.has(definition.topic)) verdict = 'created';
      else if (!state) {
        verdict = 'missing';
        problems++;
      } else {
        const drift = topicDrift(definition, state);
        const changed = updated.get(definition.topic);
        verdict = drift.length > 0 ? `differs: ${drift.join('; ')}` : changed ? `updated: ${changed.join(', ')}` : 'ok';
        if (drift.length > 0) problems++;
        if (state.partitions !== definition.partitions) partitionsDiffer = true;
      }
      console.log(`  ${definition.topic.padEnd(32)} ${verdict}`);
    }
    console.log(problems === 0 ? 'every topic matches its definition' : `${problems} topic(s) missing or different from infra/kafka/topics.json`);
    if (problems > 0 && !options.apply && !options.check) console.log('set the defined configs on existing topics with: npm run kafka:topics -- --apply');
    if (partitionsDiffer) console.log('partitions are changed with Kafka\'s kafka-topics.sh --alter, once every consumer group has caught up (see --help)');
    process.exitCode = problems === 0 ? 0 : 1;
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(`kafka:topics: ${(error as Error).message}`);
  process.exit(2);
});
