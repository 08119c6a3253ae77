import { commitSql, createPool, withTransaction } from '@shop/postgres';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import pino from 'pino';
import type { Pool, PoolClient } from 'pg';
import { LogWakeups } from './log-wakeups';
import { withGuardedTransaction } from './session-guard';

const insertEvent = (db: Pool | { query: Pool['query'] }, aggregate: string) =>
  db.query(
    `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
     VALUES (gen_random_uuid(), 'sku', $1, 'inventory.sku-changed', 1, 1, jsonb_build_object('aggregateId', $1::text))`,
    [aggregate],
  );

describe('event log wake-ups', () => {
  let db: TestDatabase;
  let pool: Pool;
  let wakeups: LogWakeups;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    wakeups = new LogWakeups(pool, pino({ level: 'silent' }));
    await wakeups.start();
  });
  afterAll(async () => {
    await wakeups.stop();
    await pool.end();
    await db.drop();
  });

  it('wakes a waiting reader when a transaction appending to its table commits, not before', async () => {
    expect(wakeups.isListening).toBe(true);
    const since = wakeups.generation('inventory.outbox');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await insertEvent(client, 'wake-1');
      const started = Date.now();
      const woken = wakeups.wait('inventory.outbox', since, 5_000, new AbortController().signal).then(() => Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(wakeups.generation('inventory.outbox')).toBe(since); // uncommitted: nobody is told
      await client.query('COMMIT');
      expect(await woken).toBeLessThan(2_000);
      expect(wakeups.generation('inventory.outbox')).toBeGreaterThan(since);
    } finally {
      client.release();
    }
  });

  it('does not wake readers of another table', async () => {
    const since = wakeups.generation('payments.outbox');
    await insertEvent(pool, 'wake-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(wakeups.generation('payments.outbox')).toBe(since);
  });

  it('a wait ends at its timeout without a commit', async () => {
    const started = Date.now();
    await wakeups.wait('payments.outbox', wakeups.generation('payments.outbox'), 100, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});

// The services' pools defer their triggers' notifications to a flush after each commit (migration infra/0004):
// a NOTIFY inside a transaction holds a cluster-wide lock through the commit's WAL flush.
describe('event log wake-ups with notifications deferred to after the commit', () => {
  let db: TestDatabase;
  let deferring: Pool;
  let wakeups: LogWakeups;
  const pending = async (client: PoolClient) =>
    (await client.query<{ value: string | null }>(`SELECT current_setting('shop.deferred_notifications', true) AS value`)).rows[0].value ?? '';
  const woken = (since: number, timeoutMs: number) => wakeups.wait('inventory.outbox', since, timeoutMs, new AbortController().signal);

  beforeAll(async () => {
    db = await createTestDatabase();
    // One session, so what a transaction left pending can be inspected on the same session afterwards.
    deferring = createPool({ url: db.urlFor('inventory_svc'), applicationName: 'test-deferring', max: 1, deferNotifications: true });
    wakeups = new LogWakeups(db.pool('inventory_svc'), pino({ level: 'silent' }));
    await wakeups.start();
  });
  afterAll(async () => {
    await wakeups.stop();
    await deferring.end();
    await db.drop();
  });

  it('keeps the notification out of the transaction, and sends it with the COMMIT', async () => {
    const since = wakeups.generation('inventory.outbox');
    const client = await deferring.connect();
    try {
      await client.query('BEGIN');
      await insertEvent(client, 'deferred-1');
      expect(await pending(client)).toBe('shop_event_log\tinventory.outbox\n'); // kept, not NOTIFYed
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(wakeups.generation('inventory.outbox')).toBe(since);
      await client.query(commitSql(deferring));
      await woken(since, 5_000);
      expect(wakeups.generation('inventory.outbox')).toBeGreaterThan(since);
      expect(await pending(client)).toBe('');
    } finally {
      client.release();
    }
  });

  it.each([
    ['withTransaction', (work: (tx: PoolClient) => Promise<unknown>) => withTransaction(deferring, work)],
    ['withGuardedTransaction', (work: (tx: PoolClient) => Promise<unknown>) => withGuardedTransaction(deferring, work)],
  ])('%s flushes what its transaction deferred', async (_helper, transaction) => {
    const since = wakeups.generation('inventory.outbox');
    await transaction((tx) => insertEvent(tx, `helper-${_helper}`));
    await woken(since, 5_000);
    expect(wakeups.generation('inventory.outbox')).toBeGreaterThan(since);
    const client = await deferring.connect();
    try {
      expect(await pending(client)).toBe('');
    } finally {
      client.release();
    }
  });

  it('sends nothing for a rolled-back transaction or savepoint', async () => {
    const since = wakeups.generation('inventory.outbox');
    const client = await deferring.connect();
    try {
      await client.query('BEGIN');
      await insertEvent(client, 'rolled-back');
      await client.query('ROLLBACK');
      expect(await pending(client)).toBe('');
      await client.query('BEGIN; SAVEPOINT attempt');
      await insertEvent(client, 'savepoint');
      await client.query('ROLLBACK TO SAVEPOINT attempt');
      expect(await pending(client)).toBe('');
      await client.query(commitSql(deferring));
    } finally {
      client.release();
    }
    await woken(since, 300);
    expect(wakeups.generation('inventory.outbox')).toBe(since);
  });
});
