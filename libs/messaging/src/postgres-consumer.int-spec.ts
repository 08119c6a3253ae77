import { SkuChangedV1Contract } from '@shop/contracts';
import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import type { Pool } from 'pg';
import { aggregateIds, skuChanged } from './conformance/fixtures';
import { countStatements } from './conformance/statement-counter';
import { ConsumerStore } from './consumer-store';
import { subscribe } from './handler';
import { LogWakeups } from './log-wakeups';
import { OutboxWriter } from './outbox-writer';
import { PostgresLogConsumer } from './postgres-consumer';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

// A group reads only its own event types from a shared log. The commits of other types still wake it, but it
// passes them without a transaction: it saves the position it passed to now and then, never per commit.
describe('PostgresLogConsumer passing other groups\' events', () => {
  let db: TestDatabase;
  let pool: Pool;
  let wakeups: LogWakeups;
  let consumer: PostgresLogConsumer;
  let perBatchSaves: { readonly count: number };
  let passSaves: { readonly count: number };
  const handled: string[] = [];
  const log = pino({ level: 'silent' });
  const store = new ConsumerStore('readmodels');

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('projections_svc');
    perBatchSaves = countStatements(pool, 'readmodels.checkpoint.save');
    passSaves = countStatements(pool, 'readmodels.checkpoint.advance');
    wakeups = new LogWakeups(pool, log, ['inventory.outbox']);
    await wakeups.start();
    consumer = new PostgresLogConsumer({
      group: 'typed', pool, store, retry: DEFAULT_RETRY_POLICY, log, wakeups, passedSaveMs: 300,
      subscriptions: [subscribe(SkuChangedV1Contract, async (event) => void handled.push(event.eventId))],
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await wakeups.stop();
    await pool.end();
    await db.drop();
  });

  const otherEvent = (index: number) =>
    db.pool('admin').query(
      `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
       VALUES (gen_random_uuid(), 'reservation', $1, 'inventory.stock-released', 1, 1, '{}') RETURNING id::text, txid::text`,
      [`other-${index}`],
    );
  const storedCheckpoint = async () =>
    (await db.pool('admin').query(`SELECT last_txid::text AS txid, last_id::text AS id FROM readmodels.consumer_checkpoints WHERE consumer_group = 'typed'`)).rows[0];

  it('handles its events once and passes the others without a transaction per commit', async () => {
    for (let index = 0; index < 15; index++) {
      await otherEvent(index);
      await new Promise((resolve) => setTimeout(resolve, 15)); // each commit wakes the group on its own
    }
    const ours = skuChanged(aggregateIds(1)[0]);
    const client = await db.pool('inventory_svc').connect();
    try {
      await client.query('BEGIN');
      await new OutboxWriter('inventory.outbox').append(client, [ours]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    let last: { id: string; txid: string } | undefined;
    for (let index = 15; index < 30; index++) {
      last = (await otherEvent(index)).rows[0];
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await waitFor('our event', async () => (handled.includes(ours.eventId) ? true : undefined));
    // The position passed to reaches the database within passedSaveMs, or when the group goes idle.
    await waitFor('the stored checkpoint to pass the last event of another type', async () => {
      const stored = await storedCheckpoint();
      return stored.txid === last!.txid && stored.id === last!.id ? true : undefined;
    });
    expect(handled).toEqual([ours.eventId]);
    expect((await consumer.lag())['inventory.outbox']).toBe(0);
    // One with the COMMIT of the batch that handled our event. Before: a checkpoint statement (and commit) for each
    // of the 30 commits of other events.
    expect(perBatchSaves.count).toBeLessThanOrEqual(1);
    expect(passSaves.count).toBeGreaterThan(0);
    expect(passSaves.count).toBeLessThanOrEqual(6);
    expect((await db.pool('admin').query(`SELECT count(*)::int AS n FROM readmodels.dead_letters`)).rows[0].n).toBe(0);
  });

  it('never moves a checkpoint back that was moved ahead meanwhile', async () => {
    const ahead = { txid: '999999999', id: '1' };
    await db.pool('admin').query(`UPDATE readmodels.consumer_checkpoints SET last_txid = $1::xid8, last_id = $2 WHERE consumer_group = 'typed'`, [ahead.txid, ahead.id]);
    await store.advanceCheckpoint(pool, 'typed', 'inventory.outbox', { txid: '5', id: '5' });
    expect(await storedCheckpoint()).toEqual(ahead);
  });
});
