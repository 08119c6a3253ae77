import { ConfigError } from '@shop/config';
import { kafkaBrokerList, kafkaNamespace, loadServiceConfig } from './service-config';

describe('kafkaBrokerList', () => {
  it.each([
    ['one broker', '127.0.0.1:9092', ['127.0.0.1:9092']],
    ['several, with spaces', ' a:9092, b:9092 ,c:9092', ['a:9092', 'b:9092', 'c:9092']],
    ['blank entries dropped', 'a:9092,,b:9092,', ['a:9092', 'b:9092']],
    ['nothing at all', '', []],
  ])('%s', (_, value, expected) => {
    expect(kafkaBrokerList(value)).toEqual(expected);
  });
});

describe('kafkaNamespace', () => {
  it.each([['shop'], ['bench-1764211200000'], ['t_test_db_42']])('takes %s', (value) => {
    expect(kafkaNamespace(value)).toBe(value);
  });
  it.each([['with a space'], ['dots.in.it'], [''], ['x'.repeat(101)]])('refuses %j', (value) => {
    expect(() => kafkaNamespace(value)).toThrow(ConfigError);
  });
});

describe('loadServiceConfig: the bus settings', () => {
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/shop' };
  it.each([
    ['the embedded default', {}, { bus: 'postgres', kafkaBrokers: ['127.0.0.1:9092'], kafkaNamespace: 'shop' }],
    ['Kafka with brokers and a namespace', { BUS: 'kafka', KAFKA_BROKERS: 'a:1, b:2', KAFKA_NAMESPACE: 'eu' }, { bus: 'kafka', kafkaBrokers: ['a:1', 'b:2'], kafkaNamespace: 'eu' }],
  ])('%s', (_, env, expected) => {
    expect(loadServiceConfig(3000, { ...base, ...env })).toMatchObject(expected);
  });

  it('refuses Kafka mode without brokers, naming the variable', () => {
    expect(() => loadServiceConfig(3000, { ...base, BUS: 'kafka' })).toThrow('KAFKA_BROKERS');
  });
});
