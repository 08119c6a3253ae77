import { SkuChangedV1Contract } from '@shop/contracts';
import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import type { Pool } from 'pg';
import { aggregateIds, skuChanged } from './conformance/fixtures';
import { subscribe } from './handler';
import { MessageBus } from './message-bus';
import { OutboxWriter } from './outbox-writer';

// Pause holds a group's consumption (events pile up in the log, nothing is lost) until resume, in Postgres mode.
describe('MessageBus pause and resume', () => {
  let db: TestDatabase;
  let pool: Pool;
  let bus: MessageBus;
  const handled: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('projections_svc');
    bus = new MessageBus({
      service: 'projections', group: 'pause-test', schema: 'readmodels', pool, log: pino({ level: 'silent' }),
      settings: { mode: 'postgres', kafkaBrokers: [], kafkaRelay: 'builtin' },
      subscriptions: [subscribe(SkuChangedV1Contract, async (event) => void handled.push(event.eventId))],
    });
    await bus.start();
  });
  afterAll(async () => {
    await bus.stop();
    await pool.end();
    await db.drop();
  });

  async function publish(count: number): Promise<string[]> {
    const events = aggregateIds(count).map((id) => skuChanged(id));
    const client = await db.pool('inventory_svc').connect();
    try {
      await client.query('BEGIN');
      await new OutboxWriter('inventory.outbox').append(client, events);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    return events.map((event) => event.eventId);
  }

  it('handles nothing while paused, everything after resume, and reports the state', async () => {
    const first = await publish(2);
    await waitFor('the first events', async () => (first.every((id) => handled.includes(id)) ? true : undefined), 15_000, 20);

    bus.pause();
    expect((await bus.status()).paused).toBe(true);
    const held = await publish(3);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(handled.filter((id) => held.includes(id))).toEqual([]);
    // Lag counts readable events; another suite's open transaction can hold the horizon for a moment.
    await waitFor('the held events to show as lag', async () => ((await bus.status()).lag['inventory.outbox'] >= 3 ? true : undefined), 15_000, 50);

    bus.resume();
    expect((await bus.status()).paused).toBe(false);
    await waitFor('the held events', async () => (held.every((id) => handled.includes(id)) ? true : undefined), 15_000, 20);
    expect(handled.filter((id) => held.includes(id)).sort()).toEqual([...held].sort());
  });

  it('honours a checkpoint moved past new events while the group idles, as the seed does', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // idle
    const events = aggregateIds(3).map((id) => skuChanged(id));
    const client = await db.pool('admin').connect();
    try {
      await client.query('BEGIN');
      await new OutboxWriter('inventory.outbox').append(client, events);
      await client.query(
        `UPDATE readmodels.consumer_checkpoints SET last_txid = pg_current_xact_id(), last_id = (SELECT max(id) FROM inventory.outbox)
          WHERE consumer_group = 'pause-test' AND source = 'inventory.outbox'`,
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const marker = await publish(1); // after the skipped ones: handled, so the group did read on
    await waitFor('the event after the skipped ones', async () => (handled.includes(marker[0]) ? true : undefined), 15_000, 20);
    expect(handled.filter((id) => events.some((event) => event.eventId === id))).toEqual([]);
  });
});
