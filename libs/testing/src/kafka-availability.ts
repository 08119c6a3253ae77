/**
 * Whether suites that need Kafka can run: KAFKA_BROKERS must be set. With REQUIRE_KAFKA=1 (CI) a missing
 * broker is an error instead of a skip, so CI never passes by silently skipping them.
 */
export function kafkaAvailability(env: Record<string, string | undefined> = process.env): { available: boolean; brokers: string[]; reason?: string } {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
  if (brokers.length > 0) return { available: true, brokers };
  if (env.REQUIRE_KAFKA === '1') throw new Error('REQUIRE_KAFKA=1 but KAFKA_BROKERS is not set: start Kafka with `npm run kafka:up` and export KAFKA_BROKERS=127.0.0.1:9092');
  return { available: false, brokers, reason: 'KAFKA_BROKERS is not set (npm run kafka:up starts a broker)' };
}
