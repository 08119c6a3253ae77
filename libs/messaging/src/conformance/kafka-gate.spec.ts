import { kafkaGate } from '../../../testing/src/kafka';

// When Kafka suites run, skip (with the reason) or fail: the decision CI relies on never to pass by skipping.
describe('kafkaGate', () => {
  it.each([
    { env: {}, connect: false, expected: { run: false, fail: false, reason: expect.stringContaining('KAFKA_BROKERS is not set') } },
    { env: { REQUIRE_KAFKA: '1' }, connect: false, expected: { run: false, fail: true, reason: expect.stringContaining('REQUIRE_KAFKA=1') } },
    { env: { KAFKA_BROKERS: ' ', REQUIRE_KAFKA: '1' }, connect: false, expected: { run: false, fail: true, reason: expect.any(String) } },
    { env: { KAFKA_BROKERS: 'a:9092, b:9092' }, connect: false, expected: { run: true, brokers: ['a:9092', 'b:9092'] } },
    { env: { KAFKA_BROKERS: 'a:9092' }, connect: true, expected: { run: false, fail: false, reason: expect.stringContaining('CONNECT_URL is not set') } },
    { env: { KAFKA_BROKERS: 'a:9092', REQUIRE_KAFKA: '1' }, connect: true, expected: { run: false, fail: false, reason: expect.stringContaining('CONNECT_URL') } },
    { env: { KAFKA_BROKERS: 'a:9092', REQUIRE_CONNECT: '1' }, connect: true, expected: { run: false, fail: true, reason: expect.stringContaining('REQUIRE_CONNECT=1') } },
    { env: { KAFKA_BROKERS: 'a:9092', CONNECT_URL: 'http://c:8083' }, connect: true, expected: { run: true, brokers: ['a:9092'] } },
    { env: { CONNECT_URL: 'http://c:8083' }, connect: true, expected: { run: false, fail: false, reason: expect.stringContaining('KAFKA_BROKERS') } },
  ])('$env (needs Connect: $connect)', ({ env, connect, expected }) => {
    expect(kafkaGate(env, connect)).toEqual(expected);
  });
});
