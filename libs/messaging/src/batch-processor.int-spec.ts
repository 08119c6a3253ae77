import { randomUUID } from 'node:crypto';
import { EventEnvelope, SkuChangedV1Contract, StockCommittedV1Contract, StockReleasedV1Contract, newEvent } from '@shop/contracts';
import { sql, withTransaction } from '@shop/postgres';
import { TestDatabase, createTestDatabase, waitFor } from '@shop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { BatchProcessor, Delivery } from './batch-processor';
import { ConsumerStore } from './consumer-store';
import { aggregateIds, contractViolation, skuChanged } from './conformance/fixtures';
import { HandlerContext, Prefetch, subscribe, subscribeBatch, subscribeBatchOf } from './handler';

// The processor's contract, transport aside, on a real database: exactly the events before the first failure
// commit (effects, inbox rows and checkpoint together), duplicates are skipped even within one batch, and the
// failing event is the one blamed, whichever path (one-statement inbox or savepoint per event) ran.
describe('BatchProcessor', () => {
  let db: TestDatabase;
  let pool: Pool;
  let admin: Pool;
  const store = new ConsumerStore('readmodels');

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
    pool = db.pool('projections_svc');
    await admin.query(`CREATE TABLE readmodels.bp_effects (event_id uuid NOT NULL, note text);
      GRANT SELECT, INSERT ON readmodels.bp_effects TO projections_svc`);
  });
  afterAll(() => db.drop());

  type Behaviour = (event: EventEnvelope, context: HandlerContext) => Promise<void>;
  let counter = 0;
  function processor(behaviour: Behaviour = async () => undefined) {
    const group = `bp-${++counter}`;
    const checkpoints: number[] = [];
    const bp = new BatchProcessor<number>({
      group, source: 'test', pool, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      saveCheckpoint: async (tx, position) => {
        await tx.query('SELECT 1');
        checkpoints.push(position);
      },
      subscriptions: [
        subscribe(SkuChangedV1Contract, async (event, context) => {
          await behaviour(event, context);
          await context.tx.query('INSERT INTO readmodels.bp_effects (event_id, note) VALUES ($1, $2)', [event.eventId, group]);
        }),
      ],
    });
    const effects = async () => (await admin.query('SELECT event_id::text FROM readmodels.bp_effects WHERE note = $1', [group])).rows.map((row) => row.event_id);
    const inbox = async () => (await admin.query('SELECT event_id::text FROM readmodels.inbox WHERE consumer_group = $1', [group])).rows.map((row) => row.event_id);
    return { bp, group, checkpoints, effects, inbox };
  }
  const deliveries = (events: unknown[]): Delivery<number>[] => events.map((raw, position) => ({ raw, position }));
  const events = (count: number) => aggregateIds(count).map((id) => ({ ...skuChanged(id), sequence: 1 }));

  it('commits a clean batch with one effect per event, duplicates within the batch skipped', async () => {
    const { bp, effects, inbox } = processor();
    const batch = events(3);
    const outcome = await bp.process(deliveries([batch[0], batch[1], batch[0], batch[2], batch[1]]));
    expect(outcome).toEqual({ committedUpTo: 4, consumed: 5 });
    expect((await effects()).sort()).toEqual(batch.map((event) => event.eventId).sort());
    expect((await inbox()).sort()).toEqual(batch.map((event) => event.eventId).sort());
    // Delivered again later: no effect at all.
    expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 2, consumed: 3 });
    expect(await effects()).toHaveLength(3);
  });

  it.each([
    { name: 'throws', behaviour: async () => Promise.reject(new Error('boom')) },
    {
      name: 'swallows its own database error',
      behaviour: async (_event: EventEnvelope, context: HandlerContext) => {
        await context.tx.query('SELECT 1/0').catch(() => undefined);
      },
    },
  ])('commits exactly the events before a handler that $name, and blames that one', async ({ behaviour }) => {
    const batch = events(4);
    const bad = batch[2].eventId;
    const ran: string[] = [];
    const { bp, effects, inbox, checkpoints } = processor(async (event, context) => {
      context.afterCommit(async () => void ran.push(event.eventId));
      if (event.eventId === bad) await behaviour(event, context);
    });
    const outcome = await bp.process(deliveries(batch));
    expect(outcome).toEqual({ committedUpTo: 1, consumed: 2, failed: { position: 2, retryInMs: 1 } });
    expect((await effects()).sort()).toEqual([batch[0].eventId, batch[1].eventId].sort());
    expect((await inbox()).sort()).toEqual([batch[0].eventId, batch[1].eventId].sort());
    expect(checkpoints.at(-1)).toBe(1);
    // After-commit tasks run only for committed effects, never for the failed event's.
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran.sort()).toEqual([batch[0].eventId, batch[1].eventId].sort());
  });

  describe('runs of batch handlers', () => {
    const released = (orderId: string) => ({ ...newEvent(StockReleasedV1Contract, orderId, { orderId, reason: 'test' }, { correlationId: 'c', causationId: 'c' }), sequence: 1 });
    const committed = (orderId: string) => ({ ...newEvent(StockCommittedV1Contract, orderId, { orderId }, { correlationId: 'c', causationId: 'c' }), sequence: 1 });

    function runProcessor(subscriptions: (runs: string[][]) => ReturnType<typeof subscribe>[]) {
      const runs: string[][] = [];
      const bp = new BatchProcessor<number>({
        group: `bp-${++counter}`, source: 'test', pool, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        subscriptions: subscriptions(runs),
      });
      return { bp, runs };
    }

    // Each case: the batch as letters (s = sku-changed, r = stock-released, c = stock-committed; a repeated
    // letter+digit is the same event again) and the runs the handler must see.
    it.each([
      { name: 'one handler over two types takes them as one run', batch: 's1 r1 s2 r2', runs: [['s1', 'r1', 's2', 'r2']] },
      { name: 'a type without a handler does not break a run', batch: 's1 c1 s2 c2 r1', runs: [['s1', 's2', 'r1']] },
      { name: 'a duplicate is left out and does not break a run', batch: 's1 s2 s1 r1', runs: [['s1', 's2', 'r1']] },
    ])('$name', async ({ batch, runs: expected }) => {
      const ids = new Map<string, EventEnvelope>();
      const orderIds = aggregateIds(9);
      const eventOf = (letter: string) => {
        if (!ids.has(letter)) {
          const id = orderIds[ids.size];
          ids.set(letter, letter.startsWith('s') ? { ...skuChanged(id), sequence: 1 } : letter.startsWith('r') ? released(id) : committed(id));
        }
        return ids.get(letter)!;
      };
      const letterOf = (eventId: string) => [...ids.entries()].find(([, event]) => event.eventId === eventId)![0];
      const events = batch.split(' ').map(eventOf);
      const { bp, runs } = runProcessor((seen) => subscribeBatchOf([SkuChangedV1Contract, StockReleasedV1Contract], async (run) => void seen.push(run.map((event) => letterOf(event.eventId)))));
      expect(await bp.process(deliveries(events))).toEqual({ committedUpTo: events.length - 1, consumed: events.length });
      expect(runs).toEqual(expected);
    });

    it('a type with another handler ends the run; its events are handled in log order between runs', async () => {
      const [a, b, c] = aggregateIds(3);
      const order: string[] = [];
      const events = [{ ...skuChanged(a), sequence: 1 }, released(b), { ...skuChanged(c), sequence: 1 }];
      const { bp } = runProcessor(() => [
        subscribeBatch(SkuChangedV1Contract, async (run) => void order.push(`run:${run.map((event) => event.aggregateId).join(',')}`)),
        subscribe(StockReleasedV1Contract, async (event) => void order.push(`one:${event.aggregateId}`)),
      ]);
      await bp.process(deliveries(events));
      expect(order).toEqual([`run:${a}`, `one:${b}`, `run:${c}`]);
    });
  });

  describe('idempotent handlers (no inbox rows)', () => {
    const released = (orderId: string) => ({ ...newEvent(StockReleasedV1Contract, orderId, { orderId, reason: 'test' }, { correlationId: 'c', causationId: 'c' }), sequence: 1 });

    // SkuChanged handled by an idempotent batch handler, StockReleased by a guarded one, in the same group.
    function mixedProcessor(failOn?: string) {
      const group = `bp-${++counter}`;
      const handled: string[] = [];
      const bp = new BatchProcessor<number>({
        group, source: 'test', pool, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        subscriptions: [
          subscribeBatch(SkuChangedV1Contract, async (run) => {
            if (run.some((event) => event.eventId === failOn)) throw new Error('boom');
            handled.push(...run.map((event) => event.eventId));
          }, { idempotent: true }),
          subscribe(StockReleasedV1Contract, async (event) => void handled.push(event.eventId)),
        ],
      });
      const inbox = async () => (await admin.query('SELECT event_id::text FROM readmodels.inbox WHERE consumer_group = $1', [group])).rows.map((row) => row.event_id);
      return { bp, handled, inbox };
    }

    it('writes inbox rows only for guarded events; a redelivery runs the idempotent handler again and skips the guarded one', async () => {
      const [a, b, c] = aggregateIds(3);
      const sku1 = { ...skuChanged(a), sequence: 1 };
      const sku2 = { ...skuChanged(b), sequence: 1 };
      const release = released(c);
      const { bp, handled, inbox } = mixedProcessor();
      // A second copy within the batch is still a duplicate, idempotent or not.
      expect(await bp.process(deliveries([sku1, release, sku2, sku1, release]))).toEqual({ committedUpTo: 4, consumed: 5 });
      expect(handled).toEqual([sku1.eventId, release.eventId, sku2.eventId]);
      expect(await inbox()).toEqual([release.eventId]);
      handled.length = 0;
      expect(await bp.process(deliveries([sku1, release, sku2]))).toEqual({ committedUpTo: 2, consumed: 3 });
      expect(handled).toEqual([sku1.eventId, sku2.eventId]);
      expect(await inbox()).toEqual([release.eventId]);
    });

    it('a batch of idempotent events only sends no inbox statement at all', async () => {
      const batch = events(2);
      const { bp, handled, inbox } = mixedProcessor();
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 1, consumed: 2 });
      expect(handled).toEqual(batch.map((event) => event.eventId));
      expect(await inbox()).toEqual([]);
    });

    it('the careful path and a redrive write no inbox row for them either', async () => {
      const batch = events(3);
      const { bp, handled, inbox } = mixedProcessor(batch[1].eventId);
      // The run fails: the careful path redoes the events one at a time, commits the first and blames the second.
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 0, consumed: 1, failed: { position: 1, retryInMs: 1 } });
      expect(handled).toEqual([batch[0].eventId]);
      await bp.redrive(batch[2]);
      await bp.redrive(batch[2]);
      expect(handled).toEqual([batch[0].eventId, batch[2].eventId, batch[2].eventId]);
      expect(await inbox()).toEqual([]);
    });
  });

  describe('the inbox on the careful path and on redrive', () => {
    it('skips an event handled before when it comes back ahead of a failing one (the careful path)', async () => {
      const [handledBefore, failing] = events(2);
      let failures = 0;
      const { bp, effects } = processor(async (event) => {
        if (event.eventId === failing.eventId && failures++ === 0) throw new Error('transient');
      });
      await bp.process(deliveries([handledBefore]));
      // The batch fails on its second event, so the careful path redoes it one event at a time.
      await bp.process(deliveries([handledBefore, failing]));
      await bp.process(deliveries([handledBefore, failing]));
      expect((await effects()).sort()).toEqual([handledBefore.eventId, failing.eventId].sort());
    });

    it('runs a redriven event once, however often the redrive is repeated', async () => {
      const [letter] = events(1);
      const { bp, effects } = processor();
      await bp.redrive(letter);
      await bp.redrive(letter);
      expect(await effects()).toEqual([letter.eventId]);
    });
  });

  it('passes over a message of a type it has no handler for without validating it', async () => {
    const batch = events(2);
    const foreign = { ...contractViolation(aggregateIds(1)[0]), type: 'inventory.stock-committed', payload: { not: 'valid' } };
    const { bp, effects, group } = processor();
    expect(await bp.process(deliveries([batch[0], foreign, batch[1]]))).toEqual({ committedUpTo: 2, consumed: 3 });
    expect((await effects()).sort()).toEqual([batch[0].eventId, batch[1].eventId].sort());
    expect(await store.pendingDeadLetters(admin, group)).toEqual([]);
  });

  it('stops before an invalid message and dead-letters it at once', async () => {
    const batch = events(2);
    const violation = contractViolation(aggregateIds(1)[0]);
    const { bp, effects, group } = processor();
    const outcome = await bp.process(deliveries([batch[0], violation, batch[1]]));
    expect(outcome).toMatchObject({ committedUpTo: 1, consumed: 2, deadLettered: { attempts: 1 } });
    expect(await effects()).toEqual([batch[0].eventId]);
    const letters = await store.pendingDeadLetters(admin, group);
    expect(letters.map((letter) => [letter.eventId, letter.attempts])).toEqual([[violation.eventId, 1]]);
  });

  describe('prefetch', () => {
    // The prefetch reads the batch's event ids back from the database (a stand-in for the rows a handler would
    // start by reading); a note of 'bad-prefetch' makes its cast fail.
    const readIds = sql('test.bp.prefetch_ids', 'SELECT id::text AS event_id FROM unnest($1::text[]::uuid[]) AS id');
    const prefetch: Prefetch = {
      key: 'ids',
      step: (batch) => ({ query: readIds, values: [batch.map((event) => ((event.payload as { name: string }).name === 'bad-prefetch' ? 'not-a-uuid' : event.eventId))] }),
    };
    function prefetching() {
      const group = `bp-${++counter}`;
      const seen: { run: string[]; rows: string[] | undefined; again: unknown }[] = [];
      let failOn: string | undefined;
      const bp = new BatchProcessor<number>({
        group, source: 'test', pool, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        subscriptions: [
          subscribeBatch(SkuChangedV1Contract, async (run, context) => {
            const rows = context.prefetched('ids');
            seen.push({ run: run.map((event) => event.eventId), rows: rows?.map((row) => row.event_id as string), again: context.prefetched('ids') });
            if (run.some((event) => event.eventId === failOn)) throw new Error('boom');
          }, { prefetch }),
        ],
      });
      return { bp, seen, failAt: (eventId: string) => (failOn = eventId) };
    }

    it('hands the rows fetched with the BEGIN to the handler once, over every event of the batch', async () => {
      const batch = events(3);
      const { bp, seen } = prefetching();
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 2, consumed: 3 });
      expect(seen).toEqual([{ run: batch.map((event) => event.eventId), rows: batch.map((event) => event.eventId), again: undefined }]);
    });

    it('falls back to the careful path, with nothing prefetched, when the prefetch fails', async () => {
      const batch = [...events(1), { ...skuChanged(aggregateIds(1)[0], 'bad-prefetch'), sequence: 1 }];
      const { bp, seen } = prefetching();
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 1, consumed: 2 });
      expect(seen).toEqual(batch.map((event) => ({ run: [event.eventId], rows: undefined, again: undefined })));
    });

    it('prefetches nothing on the careful path after a handler failed', async () => {
      const batch = events(2);
      const { bp, seen, failAt } = prefetching();
      failAt(batch[1].eventId);
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 0, consumed: 1, failed: { position: 1, retryInMs: 1 } });
      expect(seen[0].rows).toEqual(batch.map((event) => event.eventId));
      expect(seen.slice(1).map((call) => call.rows)).toEqual([undefined, undefined]);
    });
  });

  describe('writes deferred to the commit (atCommit)', () => {
    const insertEffect = sql('test.bp.effect', 'INSERT INTO readmodels.bp_effects (event_id, note) VALUES ($1::uuid, $2)');
    // Each round trip on the processor's own pool: every one ends with the server's ReadyForQuery.
    function deferring(options: { failOn?: string; countBefore?: boolean } = {}) {
      const group = `bp-${++counter}`;
      const own = db.pool('projections_svc');
      const roundTrips = { n: 0 };
      own.on('connect', (client) => (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => roundTrips.n++));
      const seenBefore: number[] = [];
      const bp = new BatchProcessor<number>({
        group, source: 'test', pool: own, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        subscriptions: [
          subscribe(SkuChangedV1Contract, async (event, context) => {
            if (options.countBefore) {
              const { rows } = await context.tx.query('SELECT count(*)::int AS n FROM readmodels.bp_effects WHERE note = $1', [group]);
              seenBefore.push(rows[0].n);
            }
            await context.atCommit(insertEffect, [event.eventId === options.failOn ? 'not-a-uuid' : event.eventId, group]);
          }),
        ],
      });
      const effects = async () => (await admin.query('SELECT event_id::text FROM readmodels.bp_effects WHERE note = $1', [group])).rows.map((row) => row.event_id);
      const inbox = async () => (await admin.query('SELECT event_id::text FROM readmodels.inbox WHERE consumer_group = $1', [group])).rows.map((row) => row.event_id);
      return { bp, roundTrips, seenBefore, effects, inbox, end: () => own.end() };
    }

    it('sends the deferred writes with the COMMIT: two round trips for the batch once the session has prepared them', async () => {
      const { bp, roundTrips, effects, end } = deferring();
      try {
        await bp.process(deliveries(events(1))); // the session's first use prepares the statement
        const batch = events(3);
        roundTrips.n = 0;
        expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 2, consumed: 3 });
        expect(roundTrips.n).toBe(2); // BEGIN with the inbox rows; the three writes with the COMMIT
        expect(await effects()).toEqual(expect.arrayContaining(batch.map((event) => event.eventId)));
      } finally {
        await end();
      }
    });

    it('sends them before a later statement of the batch, which sees them', async () => {
      const batch = events(3);
      const { bp, seenBefore, effects, end } = deferring({ countBefore: true });
      try {
        expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 2, consumed: 3 });
        expect(seenBefore).toEqual([0, 1, 2]);
        expect(await effects()).toHaveLength(3);
      } finally {
        await end();
      }
    });

    it('hands a deferred write its rows once it ran, so the handler can queue work for after the commit', async () => {
      const insertReturning = sql<{ event_id: string }>('test.bp.effect_returning', 'INSERT INTO readmodels.bp_effects (event_id, note) VALUES ($1::uuid, $2) RETURNING event_id::text');
      const group = `bp-${++counter}`;
      const seen: { rows: string[] }[] = [];
      const ranAfterCommit: string[] = [];
      const bp = new BatchProcessor<number>({
        group, source: 'test', pool, store, log: pino({ level: 'silent' }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        subscriptions: [
          subscribe(SkuChangedV1Contract, async (event, context) => {
            await context.atCommit(insertReturning, [event.eventId, group], (rows) => {
              const ids = rows.map((row) => row.event_id as string);
              seen.push({ rows: ids });
              context.afterCommit(async () => void ranAfterCommit.push(...ids));
            });
          }),
        ],
      });
      const batch = events(3);
      expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 2, consumed: 3 });
      expect(seen.map((entry) => entry.rows)).toEqual(batch.map((event) => [event.eventId]));
      await waitFor('the after-commit tasks', async () => (ranAfterCommit.length === 3 ? true : undefined));
      expect(ranAfterCommit).toEqual(batch.map((event) => event.eventId));
    });

    it('blames the event whose deferred write fails, after committing the ones before it', async () => {
      const batch = events(3);
      const { bp, effects, inbox, end } = deferring({ failOn: batch[1].eventId });
      try {
        await bp.process(deliveries(events(1)).map((delivery) => ({ ...delivery, position: -1 }))); // prepared: the failure comes in the pipeline
        expect(await bp.process(deliveries(batch))).toEqual({ committedUpTo: 0, consumed: 1, failed: { position: 1, retryInMs: 1 } });
        expect(await effects()).toContain(batch[0].eventId);
        expect(await effects()).not.toContain(batch[2].eventId);
        expect(await inbox()).not.toContain(batch[1].eventId);
      } finally {
        await end();
      }
    });
  });

  it('lists pending dead letters oldest first for a redrive, newest first for a screen, within the limit', async () => {
    const group = `letters-${++counter}`;
    for (const n of [1, 2, 3]) {
      await withTransaction(pool, (tx) =>
        store.deadLetter(tx, group, 'test', { eventId: randomUUID(), type: 'test.thing', aggregateId: String(n) }, { n }, `failure ${n}`, 1),
      );
    }
    const aggregates = async (order: 'oldest' | 'newest') => (await store.pendingDeadLetters(pool, group, 2, order)).map((letter) => letter.aggregateId);
    expect(await aggregates('oldest')).toEqual(['1', '2']);
    expect(await aggregates('newest')).toEqual(['3', '2']);
  });
});
