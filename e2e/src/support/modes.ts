import { kafkaAvailability } from '@shop/testing';

/** The bus modes an e2e suite runs in: always the embedded Postgres log, and Kafka when a broker is configured. */
export function busModes(): { mode: 'postgres' | 'kafka'; run: boolean; reason?: string }[] {
  const kafka = kafkaAvailability();
  return [{ mode: 'postgres', run: true }, { mode: 'kafka', run: kafka.available, reason: kafka.reason }];
}
