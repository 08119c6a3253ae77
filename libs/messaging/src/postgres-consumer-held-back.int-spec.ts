import { SkuChangedV1Contract } from '@shop/contracts';
import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import type { Pool, PoolClient } from 'pg';
import { Writable } from 'node:stream';
import { aggregateIds, skuChanged } from './conformance/fixtures';
import { ConsumerStore } from './consumer-store';
import { subscribe } from './handler';
import { LogWakeups } from './log-wakeups';
import { OutboxWriter } from './outbox-writer';
import { PostgresLogConsumer } from './postgres-consumer';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

// A session that opens a transaction and then hangs holds back every reader of every log: their lag counts only
// readable events, so it showed 0 while the whole platform waited. The reader says so instead.
describe('PostgresLogConsumer behind an open transaction', () => {
  let db: TestDatabase;
  let pool: Pool;
  let wakeups: LogWakeups;
  let consumer: PostgresLogConsumer;
  const handled: string[] = [];
  const warnings: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _encoding, done) {
        warnings.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('projections_svc');
    wakeups = new LogWakeups(pool, log, ['inventory.outbox']);
    await wakeups.start();
    consumer = new PostgresLogConsumer({
      group: 'held', pool, store: new ConsumerStore('readmodels'), retry: DEFAULT_RETRY_POLICY, log, wakeups, heldBackWarnMs: 300,
      subscriptions: [subscribe(SkuChangedV1Contract, async (event) => void handled.push(event.eventId))],
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await wakeups.stop();
    await db.drop();
  });

  it('warns, naming the source, while committed events wait behind it, and handles them once it ends', async () => {
    const holder: PoolClient = await db.pool('admin').connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()'); // an id: the horizon stops here
      const ours = skuChanged(aggregateIds(1)[0]);
      const writer = await db.pool('inventory_svc').connect();
      try {
        await writer.query('BEGIN');
        await new OutboxWriter('inventory.outbox').append(writer, [ours]);
        await writer.query('COMMIT');
      } finally {
        writer.release();
      }
      const warning = await waitFor('the held-back warning', async () => warnings.find((line) => line.source === 'inventory.outbox'));
      expect(warning).toMatchObject({ group: 'held', msg: expect.stringMatching(/held back behind an open transaction.*pg_stat_activity/) });
      expect(handled).toEqual([]);
      await holder.query('COMMIT');
      await waitFor('the event once the transaction ended', async () => (handled.includes(ours.eventId) ? true : undefined));
    } finally {
      holder.release();
    }
  });
});
