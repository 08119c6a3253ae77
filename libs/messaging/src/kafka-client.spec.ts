import { isHandledKafkaLine } from './kafka-client';

describe('isHandledKafkaLine', () => {
  it.each([
    ['Response CreateTopics(key: 19, version: 3)', true],
    ['Limiting retries for the idempotent producer may invalidate EoS guarantees', true],
    ['Connection error: connect ECONNREFUSED 127.0.0.1:9092', false],
    ['Crash: KafkaJSGroupCoordinatorNotFound', false],
    ['Response Metadata(key: 3, version: 6)', false],
  ])('%s -> %p', (message, handled) => {
    expect(isHandledKafkaLine(message)).toBe(handled);
  });
});
