import { KafkaJSNonRetriableError } from 'kafkajs';
import type { Pool } from 'pg';
import { describeKafka } from '../../../testing/src/kafka';
import { ConformanceDriver } from './driver';
import { aggregateIds, skuChanged } from './fixtures';

jest.setTimeout(180_000);

// kafkajs does not restart a consumer that crashed with a non-retriable error (a broker restart can end in
// KafkaJSGroupCoordinatorNotFound). The fault: the first database connection a batch asks for fails with such an
// error, which kafkajs sees thrown from eachBatch. The group must still handle every event, with no double effect.
describeKafka('conformance: a consumer kafkajs gives up on is replaced [kafka]', (brokers) => {
  let driver: ConformanceDriver;
  beforeEach(async () => (driver = await ConformanceDriver.create({ name: 'kafka', brokers })));
  afterEach(() => driver.close());

  it('reads on from the committed offsets after a non-retriable crash', async () => {
    const pool = (driver as unknown as { consumerPool: Pool }).consumerPool;
    const connect = pool.connect.bind(pool) as () => Promise<unknown>;
    let injected = 0;
    (pool as unknown as { connect: () => Promise<unknown> }).connect = async () => {
      if (injected++ === 0) throw new KafkaJSNonRetriableError('injected: a crash kafkajs will not restart');
      return connect();
    };
    await driver.startConsumer();
    const events = await driver.produceConcurrently(aggregateIds(5).map((id) => skuChanged(id)), 2, 3);
    const effects = await driver.waitForEffects(events.map((event) => event.eventId));
    expect(injected).toBeGreaterThan(1); // the fault fired, and the new consumer connected again
    expect(new Set(effects.map((effect) => effect.eventId)).size).toBe(effects.length);
  });
});
