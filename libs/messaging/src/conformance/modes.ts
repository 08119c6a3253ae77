import { describeKafka } from '../../../testing/src/kafka';
import { BusMode, ConformanceDriver } from './driver';

/**
 * Registers a conformance suite once per transport: always against the embedded Postgres log, and against
 * Kafka with the built-in relay when KAFKA_BROKERS is set (skipped visibly otherwise; failing with
 * REQUIRE_KAFKA=1). The suite body never branches on the mode except where a case only exists in one.
 */
export function describeEachMode(title: string, body: (mode: BusMode) => void): void {
  describe(`${title} [postgres]`, () => body({ name: 'postgres', brokers: [] }));
  describeKafka(`${title} [kafka, built-in relay]`, (brokers) => body({ name: 'kafka', brokers }));
}

/** A fresh driver (and database) per test, closed after it: cases never see each other's events or state. */
export function useDriver(mode: BusMode): () => ConformanceDriver {
  let driver: ConformanceDriver | undefined;
  beforeEach(async () => {
    driver = await ConformanceDriver.create(mode);
  });
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  });
  return () => {
    if (!driver) throw new Error('the driver exists only inside a test');
    return driver;
  };
}
