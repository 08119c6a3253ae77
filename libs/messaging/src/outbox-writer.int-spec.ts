import { ContractViolation, EventEnvelope } from '@shop/contracts';
import { TestDatabase, createTestDatabase } from '@shop/testing';
import { withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';
import { aggregateKey, lockAggregates } from './aggregate-lock';
import { aggregateIds, contractViolation, skuChanged } from './conformance/fixtures';
import { OutboxWriter } from './outbox-writer';

// Sequences are per aggregate, gapless from 1, in the order events are appended, whether they come one per
// call or many per call; rows are inserted in that order too, since readers order a transaction's rows by id.
describe('OutboxWriter', () => {
  let db: TestDatabase;
  let pool: Pool;
  const writer = new OutboxWriter('inventory.outbox');
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
  });
  afterAll(() => db.drop());

  const append = (events: EventEnvelope[]) =>
    withTransaction(pool, async (tx) => {
      await lockAggregates(tx, events.map((event) => aggregateKey(event.aggregateType, event.aggregateId)));
      await writer.append(tx, events);
    });
  const stored = async (ids: string[]) =>
    (await pool.query('SELECT event_id::text AS "eventId", aggregate_id AS "aggregateId", sequence, (payload->>\'sequence\')::int AS "payloadSequence" FROM inventory.outbox WHERE event_id = ANY($1) ORDER BY id', [ids])).rows;

  it.each([
    { name: 'one event per call', calls: [[0], [1], [0], [0], [1]] },
    { name: 'many events per call, interleaved', calls: [[0, 1, 0], [1, 0, 0, 1]] },
    { name: 'one call', calls: [[1, 1, 0, 1, 0, 0]] },
  ])('numbers each aggregate from 1 in append order ($name)', async ({ calls }) => {
    const aggregates = aggregateIds(2);
    const appended: EventEnvelope[] = [];
    for (const call of calls) {
      const events = call.map((which) => skuChanged(aggregates[which]));
      await append(events);
      appended.push(...events);
    }
    const expected = new Map<string, number>();
    const expectedRows = appended.map((event) => {
      const sequence = (expected.get(event.aggregateId) ?? 0) + 1;
      expected.set(event.aggregateId, sequence);
      return { eventId: event.eventId, aggregateId: event.aggregateId, sequence, payloadSequence: sequence };
    });
    expect(await stored(appended.map((event) => event.eventId))).toEqual(expectedRows);
    expect(appended.map((event) => event.sequence)).toEqual(expectedRows.map((row) => row.sequence));
  });

  it('refuses a batch with an event that breaks its contract, writing none of it', async () => {
    const [id] = aggregateIds(1);
    const good = skuChanged(id);
    const bad = contractViolation(id);
    await expect(append([good, bad])).rejects.toThrow(ContractViolation);
    expect(await stored([good.eventId, bad.eventId])).toEqual([]);
  });
});
