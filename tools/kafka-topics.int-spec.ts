import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { describeKafka, dropNamespace, testKafka, uniqueKafkaName } from '../libs/testing/src/kafka';

jest.setTimeout(120_000);

const root = join(__dirname, '..');

// npm run kafka:topics against a real broker: creates what infra/kafka/topics.json defines, then audits it.
describeKafka('npm run kafka:topics [kafka]', (brokers) => {
  const namespace = uniqueKafkaName('topics');
  const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/tools/kafka-topics.js'), ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, KAFKA_BROKERS: brokers.join(','), KAFKA_NAMESPACE: namespace, DATA_DIR: join(root, '.data', 'no-platform') },
  });
  afterAll(() => dropNamespace(brokers, namespace));

  it('reports missing topics, creates them as defined, and reports a topic changed since', async () => {
    const missing = run('--check');
    expect({ status: missing.status, missing: (missing.stdout.match(/ missing$/gm) ?? []).length }).toEqual({ status: 1, missing: 8 });

    const created = run();
    expect({ status: created.status, created: (created.stdout.match(/ created$/gm) ?? []).length }).toEqual({ status: 0, created: 8 });
    const admin = testKafka(brokers, 'topics-spec').admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: `${namespace}.sku` }] });
      expect(resources[0].configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue).toBe('compact');
      const metadata = await admin.fetchTopicMetadata({ topics: [`${namespace}.order`] });
      expect(metadata.topics[0].partitions).toHaveLength(3);

      expect(run('--check').status).toBe(0);
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: `${namespace}.payment`, configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    } finally {
      await admin.disconnect();
    }
    const drifted = run('--check');
    expect(drifted.status).toBe(1);
    expect(drifted.stdout).toContain(`${namespace}.payment`);
    expect(drifted.stdout).toContain('differs: retention.ms 60000 (defined 2592000000)');
  });

  it('--apply sets the defined configs on a topic that differs, keeps the configs set on it that are not defined, and leaves partitions', async () => {
    const admin = testKafka(brokers, 'topics-spec').admin();
    await admin.connect();
    const payment = `${namespace}.payment`;
    const orderDlq = `${namespace}.order.dlq`;
    const configOf = async (topic: string) => {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
      return Object.fromEntries(resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
    };
    try {
      run(); // the topics, should this test run alone; the one before may have left one differing
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: payment, configEntries: [{ name: 'retention.ms', value: '60000' }, { name: 'segment.ms', value: '3600000' }] }],
      });
      await admin.deleteTopics({ topics: [orderDlq] });
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: orderDlq, numPartitions: 1 }] });

      const applied = run('--apply');
      expect(applied.status).toBe(1);
      expect(applied.stdout).toMatch(new RegExp(`${payment.replace(/\./g, '\\.')} +updated: retention\\.ms$`, 'm'));
      expect(applied.stdout).toContain(`${orderDlq}`);
      expect(applied.stdout).toContain('differs: partitions 1 (defined 3)');
      expect(applied.stdout).toContain("partitions are changed with Kafka's kafka-topics.sh --alter");
      const config = await configOf(payment);
      expect({ retention: config['retention.ms'], segment: config['segment.ms'], cleanup: config['cleanup.policy'] }).toEqual({ retention: '2592000000', segment: '3600000', cleanup: 'delete' });
      // The dead-letter topic got its configs, and kept its one partition.
      expect((await configOf(orderDlq))['retention.ms']).toBe('2592000000');
      expect((await admin.fetchTopicMetadata({ topics: [orderDlq] })).topics[0].partitions).toHaveLength(1);

      const again = run('--check');
      expect({ status: again.status, differs: (again.stdout.match(/ differs: /g) ?? []).length }).toEqual({ status: 1, differs: 1 });
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses --check with --apply, changing nothing', () => {
    const result = run('--check', '--apply');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--check and --apply cannot go together');
  });

  it('says what to do when Kafka does not answer, with exit 2', () => {
    const result = spawnSync(process.execPath, [join(root, 'dist/tools/kafka-topics.js')], {
      cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, KAFKA_BROKERS: '127.0.0.1:1', DATA_DIR: join(root, '.data', 'no-platform') },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run kafka:up');
  });
});
