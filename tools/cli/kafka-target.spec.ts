import { kafkaTarget } from './kafka-target';
import type { PlatformState } from './running-platform';

const running = (kafka?: { brokers: string[]; namespace: string }): PlatformState => ({
  running: true, runtime: { supervisorPid: 1, adminUrl: 'postgres://x', gateway: 'http://x', services: {}, kafka },
});
const stopped: PlatformState = { running: false, why: 'no runtime.json' };
const fallback = { brokers: ['127.0.0.1:9092'], namespace: 'shop' };

describe('kafkaTarget: the Kafka an operator tool reads', () => {
  it.each([
    ['KAFKA_BROKERS alone: the default namespace', { brokers: 'a:1, b:2' }, stopped, undefined, { brokers: ['a:1', 'b:2'], namespace: 'shop' }],
    ['KAFKA_BROKERS and KAFKA_NAMESPACE', { brokers: 'a:1', namespace: 'eu' }, stopped, undefined, { brokers: ['a:1'], namespace: 'eu' }],
    ['KAFKA_BROKERS with a running platform: its namespace', { brokers: 'a:1' }, running({ brokers: ['k:9'], namespace: 'p' }), undefined, { brokers: ['a:1'], namespace: 'p' }],
    ['nothing set, a platform in Kafka mode: its coordinates', {}, running({ brokers: ['k:9'], namespace: 'p' }), undefined, { brokers: ['k:9'], namespace: 'p' }],
    ['only KAFKA_NAMESPACE, a platform in Kafka mode: its brokers, that namespace', { namespace: 'eu' }, running({ brokers: ['k:9'], namespace: 'p' }), undefined, { brokers: ['k:9'], namespace: 'eu' }],
    ['nothing set, a platform in the embedded mode: no Kafka', {}, running(), undefined, undefined],
    ['nothing set, no platform, no fallback: no Kafka', {}, stopped, undefined, undefined],
    ['nothing set, no platform: the fallback', {}, stopped, fallback, fallback],
  ])('%s', (_, env, platform, orElse, expected) => {
    expect(kafkaTarget(env, platform, orElse)).toEqual(expected);
  });
});
