import { describeKafka, deleteNamespace, ensureTopics, testKafka, uniqueKafkaName } from '../../libs/testing/src/kafka';
import { kafkaStrandedBacklog } from './kafka-stranded';

jest.setTimeout(120_000);

// A real broker: messages produced with old and new timestamps, group positions set through the admin API, and the
// check reading them back as an operator's run of npm run check:invariants would.
describeKafka('check:invariants in Kafka mode: stranded messages [kafka]', (brokers) => {
  const kafka = testKafka(brokers, 'kafka-stranded');
  const namespace = uniqueKafkaName('stranded');
  const other = uniqueKafkaName('elsewhere');
  const topic = `${namespace}.order`;
  const otherTopic = `${other}.order`;
  const group = `${namespace}.payments`;
  const otherGroup = `${other}.payments`;

  const setOffset = async (groupId: string, onTopic: string, offset: number) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId, topic: onTopic, partitions: [{ partition: 0, offset: String(offset) }] });
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [topic, otherTopic].map((name) => ({ topic: name, numPartitions: 1 })), waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    await ensureTopics(kafka, [topic, otherTopic]);
    const producer = kafka.producer();
    await producer.connect();
    const old = String(Date.now() - 120_000);
    // Offsets 0-2 two minutes old, 3-4 fresh.
    for (const name of [topic, otherTopic]) {
      await producer.send({ topic: name, messages: [0, 1, 2].map((n) => ({ key: 'a', value: `old ${n}`, timestamp: old, partition: 0 })) });
      await producer.send({ topic: name, messages: [3, 4].map((n) => ({ key: 'a', value: `new ${n}`, partition: 0 })) });
    }
    await producer.disconnect();
    await setOffset(otherGroup, otherTopic, 0); // another namespace's stalled group: not this platform's
  });
  const neverCommitted = `${namespace}.inventory`;
  afterAll(() => deleteNamespace(kafka, [topic, otherTopic], [group, otherGroup, neverCommitted]));

  it('counts the old messages a group of the namespace has not consumed, and nothing once it has', async () => {
    await setOffset(group, topic, 1);
    const behind = await kafkaStrandedBacklog(kafka, namespace, 30);
    expect(behind).toMatchObject({ name: 'no-stranded-kafka-messages', violations: 1, examples: [{ group, topic, partition: 0, committed: 1, stranded: 2 }] });

    // Past the old messages, the fresh backlog is within the grace period.
    await setOffset(group, topic, 3);
    expect(await kafkaStrandedBacklog(kafka, namespace, 30)).toMatchObject({ violations: 0, examples: [] });
    // With no grace at all, the fresh two count too.
    expect((await kafkaStrandedBacklog(kafka, namespace, 0, Date.now() + 1_000)).examples).toEqual([{ group, topic, partition: 0, committed: 3, stranded: 2 }]);
  });

  // A group that never committed has no offsets to fetch: its running members' subscriptions name its topics.
  it('counts the messages of a running group that has never committed', async () => {
    await setOffset(group, topic, 3);
    const consumer = kafka.consumer({ groupId: neverCommitted });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      // Stuck on its first message, as a consumer failing from the start is.
      await consumer.run({ autoCommit: false, eachMessage: async () => consumer.pause([{ topic }]) });
      const admin = kafka.admin();
      await admin.connect();
      try {
        for (let tries = 0; (await admin.describeGroups([neverCommitted])).groups[0].state !== 'Stable' && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await admin.disconnect();
      }
      expect((await kafkaStrandedBacklog(kafka, namespace, 30)).examples).toEqual([{ group: neverCommitted, topic, partition: 0, committed: -1, stranded: 3 }]);
    } finally {
      await consumer.disconnect();
    }
  });
});
