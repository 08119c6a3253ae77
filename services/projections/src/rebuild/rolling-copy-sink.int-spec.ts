import { createTestDatabase, TestDatabase } from '@shop/testing';
import { RollingCopySink } from './rolling-copy-sink';

jest.setTimeout(60_000);

describe('RollingCopySink', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool('admin').query('CREATE TABLE public.rolled (id int PRIMARY KEY, name text)');
  });
  afterAll(() => db?.drop());

  it('commits what it has at each drain past its age, so no transaction id stays held between drains', async () => {
    const admin = db.pool('admin');
    const client = await admin.connect();
    try {
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const sink = new RollingCopySink(client, 'public.rolled', ['id', 'name'], 0);
      const visible = async () => (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM public.rolled')).rows[0].n;
      const holdsXid = async () => (await admin.query('SELECT backend_xid FROM pg_stat_activity WHERE pid = $1 AND backend_xid IS NOT NULL', [pid])).rows.length > 0;

      for (let id = 1; id <= 3; id++) sink.write([id, `row ${id}\tand a tab`]);
      await sink.drain();
      // Committed for every other session, and the new COPY has not written yet: the bus's horizon is free.
      expect(await visible()).toBe(3);
      expect(await holdsXid()).toBe(false);

      sink.write([4, null]);
      await sink.drain();
      expect(await visible()).toBe(4);
      sink.write([5, 'last']);
      expect(await sink.end()).toBe(5);
      expect((await admin.query('SELECT id, name FROM public.rolled ORDER BY id')).rows).toEqual([
        { id: 1, name: 'row 1\tand a tab' }, { id: 2, name: 'row 2\tand a tab' }, { id: 3, name: 'row 3\tand a tab' }, { id: 4, name: null }, { id: 5, name: 'last' },
      ]);
    } finally {
      client.release();
    }
  });

  it('keeps one COPY open while it is younger than its age', async () => {
    const admin = db.pool('admin');
    await admin.query('TRUNCATE public.rolled');
    const client = await admin.connect();
    try {
      const sink = new RollingCopySink(client, 'public.rolled', ['id', 'name'], 60_000);
      sink.write([1, 'a']);
      await sink.drain();
      expect((await admin.query('SELECT count(*)::int AS n FROM public.rolled')).rows[0].n).toBe(0);
      expect(await sink.end()).toBe(1);
      expect((await admin.query('SELECT count(*)::int AS n FROM public.rolled')).rows[0].n).toBe(1);
    } finally {
      client.release();
    }
  });
});
