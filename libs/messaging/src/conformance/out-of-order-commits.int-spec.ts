import { lockAggregates, aggregateKey } from '../aggregate-lock';
import { EventLogReader, LOG_START } from '../event-log-reader';
import { OutboxWriter } from '../outbox-writer';
import { waitFor } from '@shop/testing';
import type { Pool, PoolClient } from 'pg';
import { aggregateIds, skuChanged } from './fixtures';
import { describeEachMode, useDriver } from './modes';

jest.setTimeout(180_000);

/** The reader the architecture warns about: rows after the highest id seen so far. */
async function naiveReadAfter(db: Pool, lastId: string): Promise<{ id: string; eventId: string }[]> {
  const { rows } = await db.query('SELECT id::text, event_id::text AS "eventId" FROM inventory.outbox WHERE id > $1 ORDER BY id', [lastId]);
  return rows;
}

async function begin(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  await client.query('BEGIN');
  return client;
}

// Transaction `early` takes the lower id and xid, `late` the higher ones, and `late` commits first. A reader
// that has passed `late`'s row must still deliver `early`'s once it commits.
describeEachMode('conformance: out-of-order commits', (mode) => {
  const driver = useDriver(mode);

  it('delivers the row of a transaction that commits after a younger one', async () => {
    const [first, second] = aggregateIds(2);
    const writer = new OutboxWriter('inventory.outbox');
    const admin = driver().admin;
    await driver().startConsumer();
    const warmup = await driver().commit([skuChanged(first)]);
    await driver().waitForEffects(warmup.map((event) => event.eventId));
    const naiveStart = (await naiveReadAfter(admin, '0')).at(-1)!.id;

    const early = skuChanged(first);
    const late = skuChanged(second);
    for (const event of [early, late]) driver().produced.set(event.eventId, event);
    const earlyTx = await begin(admin);
    const lateTx = await begin(admin);
    try {
      await lockAggregates(earlyTx, [aggregateKey('sku', first)]);
      await writer.append(earlyTx, [early]);
      await lockAggregates(lateTx, [aggregateKey('sku', second)]);
      await writer.append(lateTx, [late]);
      await lateTx.query('COMMIT');

      // The window: `late` is committed, `early` is not. Let the log's reader poll at least twice inside it, so
      // a reader that would pass `late` really does before `early` commits.
      const readsAtCommit = driver().logReads.count;
      await waitFor('the log reader to poll inside the window', async () => (driver().logReads.count >= readsAtCommit + 2 ? true : undefined));
      const naiveSeen = await naiveReadAfter(admin, naiveStart);
      const horizonSeen = await new EventLogReader('inventory.outbox').readAfter(admin, LOG_START, 100);
      await earlyTx.query('COMMIT');

      // The naive reader saw `late` and moved its checkpoint past `early`'s id: `early` is lost to it. This is
      // what the scenario catches, so it can fail.
      expect(naiveSeen.map((row) => row.eventId)).toEqual([late.eventId]);
      expect((await naiveReadAfter(admin, naiveSeen[0].id)).map((row) => row.eventId)).not.toContain(early.eventId);
      // The horizon reader held `late` back while the older `early` was still open ...
      expect(horizonSeen.map((row) => row.envelope.eventId)).toEqual(warmup.map((event) => event.eventId));
      // ... and the consumer gets both, once each.
      await driver().waitForEffects([early.eventId, late.eventId]);
      await driver().waitUntilDrained();
      const effects = (await driver().effects()).map((effect) => effect.eventId);
      expect(effects.filter((id) => id === early.eventId || id === late.eventId).sort()).toEqual([early.eventId, late.eventId].sort());
      const { rows } = await admin.query('SELECT event_id::text AS "eventId", id::text, txid::text FROM inventory.outbox WHERE event_id = ANY($1) ORDER BY id', [[early.eventId, late.eventId]]);
      // Precondition of the scenario: `early` really has the lower id and the lower transaction id.
      expect(rows.map((row) => row.eventId)).toEqual([early.eventId, late.eventId]);
      expect(BigInt(rows[0].txid)).toBeLessThan(BigInt(rows[1].txid));
    } finally {
      await earlyTx.query('ROLLBACK').catch(() => undefined);
      await lateTx.query('ROLLBACK').catch(() => undefined);
      earlyTx.release();
      lateTx.release();
    }
  });
});
