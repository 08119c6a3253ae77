import { deadLetterTopicFor } from '@shop/contracts';
import { ConfigResourceTypes } from 'kafkajs';
import { describeKafka, testKafka } from '../../../testing/src/kafka';
import { loadTopicDefinitions } from '../topic-definitions';
import { ConformanceDriver } from './driver';

jest.setTimeout(180_000);

// A service starting on a broker without its topics creates them as infra/kafka/topics.json defines them: the
// relay its outbox's topics, the consumer group its subscriptions' topics and their dead-letter topics.
describeKafka('conformance: topics created as defined [kafka]', (brokers) => {
  let driver: ConformanceDriver;
  beforeEach(async () => (driver = await ConformanceDriver.create({ name: 'kafka', brokers })));
  afterEach(() => driver.close());

  it('gives the topics the defined partitions, compaction and retention', async () => {
    await driver.startConsumer();
    const definitions = loadTopicDefinitions();
    const admin = testKafka(brokers, 'topic-creation').admin();
    await admin.connect();
    try {
      const topics = [driver.topic, deadLetterTopicFor(driver.topic), `${driver.namespace}.reservation`];
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
      const config = (topic: string, key: string) => resources.find((resource) => resource.resourceName === topic)?.configEntries.find((entry) => entry.configName === key)?.configValue;
      expect(config(driver.topic, 'cleanup.policy')).toBe(definitions.events.sku.config['cleanup.policy']);
      expect(config(deadLetterTopicFor(driver.topic), 'retention.ms')).toBe(definitions.deadLetters.config['retention.ms']);
      // The inventory relay's other topic, which no consumer here subscribes to.
      expect(config(`${driver.namespace}.reservation`, 'retention.ms')).toBe(definitions.events.reservation.config['retention.ms']);
      const metadata = await admin.fetchTopicMetadata({ topics });
      expect(metadata.topics.map((topic) => topic.partitions.length)).toEqual([definitions.events.sku.partitions, definitions.deadLetters.partitions, definitions.events.reservation.partitions]);
    } finally {
      await admin.disconnect();
    }
  });
});
