import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { alignedTopicConfig, definitionsOf, loadTopicDefinitions, namespaceTopics, parseTopicDefinitions, topicDrift } from './topic-definitions';

const settings = { partitions: 3, config: { 'retention.ms': '604800000' } };
const valid = { events: { order: settings, reservation: settings, sku: settings, payment: settings }, deadLetters: settings };
const withChange = (change: (file: any) => void) => {
  const file = JSON.parse(JSON.stringify(valid));
  change(file);
  return JSON.stringify(file);
};

describe('infra/kafka/topics.json', () => {
  it('defines every aggregate type\'s topic and its dead-letter topic', () => {
    expect(namespaceTopics('shop').map((definition) => definition.topic)).toEqual([
      'shop.order', 'shop.reservation', 'shop.sku', 'shop.payment', 'shop.order.dlq', 'shop.reservation.dlq', 'shop.sku.dlq', 'shop.payment.dlq',
    ]);
  });

  it('compacts the SKU topic (each SkuChanged carries the whole SKU) and keeps payments and dead letters for 30 days', () => {
    const [sku, payment, skuDlq] = definitionsOf(['ns.sku', 'ns.payment', 'ns.sku.dlq'], 'ns', loadTopicDefinitions());
    expect(sku.config['cleanup.policy']).toBe('compact');
    expect(payment.config['retention.ms']).toBe(String(30 * 24 * 3600 * 1000));
    expect(skuDlq.config).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(30 * 24 * 3600 * 1000) });
  });

  it('parses the file in the repository as checked', () => {
    expect(() => parseTopicDefinitions(readFileSync(join(repoRoot(), 'infra/kafka/topics.json'), 'utf8'))).not.toThrow();
  });

  it.each([
    ['an aggregate type without a topic', withChange((file) => delete file.events.sku), 'events.sku is missing'],
    ['a topic for no aggregate type', withChange((file) => (file.events.customer = settings)), 'events.customer is not an aggregate type'],
    ['zero partitions', withChange((file) => (file.events.order.partitions = 0)), 'events.order: partitions must be a positive integer'],
    ['fractional partitions', withChange((file) => (file.deadLetters.partitions = 1.5)), 'deadLetters: partitions must be a positive integer'],
    ['no dead-letter settings', withChange((file) => delete file.deadLetters), 'deadLetters: partitions must be a positive integer'],
    ['a config that is not a string', withChange((file) => (file.events.payment.config['retention.ms'] = 1000)), 'events.payment: config retention.ms must be a string'],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseTopicDefinitions(text, 'topics.json')).toThrow(message);
  });

  it('refuses to define a topic outside the namespace\'s set', () => {
    expect(() => definitionsOf(['shop.customer'], 'shop', parseTopicDefinitions(JSON.stringify(valid)))).toThrow('topic shop.customer is not defined for namespace shop');
  });
});

describe('topicDrift', () => {
  const definition = { topic: 'shop.sku', partitions: 3, config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '3600000' } };
  it.each([
    ['as defined; configs the definition leaves out are not compared', 3, { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '3600000', 'segment.ms': '1' }, []],
    ['fewer partitions', 1, { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '3600000' }, ['partitions 1 (defined 3)']],
    ['a config changed and one unset', 3, { 'cleanup.policy': 'delete' }, ['cleanup.policy delete (defined compact)', 'min.compaction.lag.ms unset (defined 3600000)']],
  ])('%s', (_, partitions, config, expected) => {
    expect(topicDrift(definition, { partitions, config })).toEqual(expected);
  });
});

describe('alignedTopicConfig', () => {
  const definition = { topic: 'shop.payment', partitions: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': '2592000000' } };
  it.each([
    ['nothing set on the topic: the definition', {}, { 'cleanup.policy': 'delete', 'retention.ms': '2592000000' }],
    ['a defined config changed: the definition wins', { 'retention.ms': '60000' }, { 'cleanup.policy': 'delete', 'retention.ms': '2592000000' }],
    ['a config the definition leaves out: kept', { 'segment.ms': '3600000', 'retention.ms': '60000' }, { 'segment.ms': '3600000', 'cleanup.policy': 'delete', 'retention.ms': '2592000000' }],
  ])('%s', (_, setOnTopic, expected) => {
    expect(alignedTopicConfig(definition, setOnTopic)).toEqual(expected);
  });
});
