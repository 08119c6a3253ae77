import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import type { Pool } from 'pg';
import { LogWakeups } from './log-wakeups';
import { EventLogReader, LOG_START } from './event-log-reader';

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
    wakeups = new LogWakeups(pool, pino({ level: 'silent' }), ['inventory.outbox']);
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
      // A wait longer than the test's own timeout: only the commit's notification can end it.
      const woken = wakeups.wait('inventory.outbox', since, 600_000, new AbortController().signal);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(wakeups.generation('inventory.outbox')).toBe(since); // uncommitted: nobody is told
      await client.query('COMMIT');
      await woken;
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

  it('hears only the tables it listens to: a commit elsewhere sends it no notification at all', async () => {
    expect(wakeups.isListeningTo('inventory.outbox')).toBe(true);
    expect(wakeups.isListeningTo('payments.outbox')).toBe(false);
    const payments = db.pool('payments_svc');
    try {
      const received = wakeups.received;
      await payments.query(
        `INSERT INTO payments.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
         VALUES (gen_random_uuid(), 'payment', 'quiet-1', 'payments.payment-refunded', 1, 1, '{}'::jsonb)`,
      );
      await insertEvent(pool, 'heard-1'); // notifications arrive in commit order: once this one is in, the other would be too
      for (const deadline = Date.now() + 5_000; wakeups.received === received && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(wakeups.received).toBe(received + 1);
    } finally {
      await payments.end();
    }
  });

  it('a wait ends at its timeout without a commit', async () => {
    const started = Date.now();
    await wakeups.wait('payments.outbox', wakeups.generation('payments.outbox'), 100, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('tells a reader whether announced rows are still held behind the horizon, and when they are not', async () => {
    const reader = new EventLogReader('inventory.outbox');
    let { events, horizon } = await reader.read(pool, LOG_START, 10_000);
    const position = events.length ? events[events.length - 1].position : LOG_START;
    expect(wakeups.heldBack('inventory.outbox', horizon)).toBe(false); // everything announced so far was read

    const older = await pool.connect(); // an older transaction with an id, which will end without announcing anything
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      const since = wakeups.generation('inventory.outbox');
      await insertEvent(pool, 'held-1');
      await wakeups.wait('inventory.outbox', since, 5_000, new AbortController().signal);
      ({ events, horizon } = await reader.read(pool, position, 100));
      expect(events).toHaveLength(0); // committed and announced, but behind the older transaction
      expect(wakeups.heldBack('inventory.outbox', horizon)).toBe(true);
      await older.query('COMMIT');
    } finally {
      older.release();
    }
    ({ events, horizon } = await reader.read(pool, position, 100));
    expect(events.map((event) => event.envelope.aggregateId)).toEqual(['held-1']);
    expect(wakeups.heldBack('inventory.outbox', horizon)).toBe(false);
  });

  it('names the appended types in the payload; a bus whose readers take none of them is not woken', async () => {
    const typed = new LogWakeups(pool, pino({ level: 'silent' }), ['inventory.outbox'], { 'inventory.outbox': ['inventory.stock-reserved'] });
    const payloads: string[] = [];
    const listener = await pool.connect();
    try {
      await typed.start();
      listener.on('notification', (message) => payloads.push(message.payload ?? ''));
      await listener.query('LISTEN "shop_event_log:inventory.outbox"');
      const since = typed.generation('inventory.outbox');
      await insertEvent(pool, 'typed-1'); // inventory.sku-changed: not a type the bus takes
      await waitFor('the notification', async () => (typed.received === 1 && payloads.length === 1 ? true : undefined));
      expect(typed.ignored).toBe(1);
      expect(typed.generation('inventory.outbox')).toBe(since);
      expect(payloads[0]).toMatch(/^inventory\.outbox \d+ inventory\.sku-changed$/);

      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await insertEvent(client, 'typed-2');
        await client.query(
          `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload)
           VALUES (gen_random_uuid(), 'reservation', 'typed-3', 'inventory.stock-reserved', 1, 1, '{}'::jsonb)`,
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      await waitFor('a wake-up', async () => (typed.generation('inventory.outbox') > since ? true : undefined));
      // One notification per statement: the first statement's is passed over, the second's (a type it takes) wakes.
      expect(typed.ignored).toBe(2);
      expect(typed.received).toBe(3);
    } finally {
      await listener.query('UNLISTEN *');
      listener.release();
      await typed.stop();
    }
  });
});
