import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool, PoolClient } from 'pg';
import { run, sql } from './named-query';
import { runPipelined } from './pipeline';

const insertNote = sql('test.pipeline.insert', 'INSERT INTO public.pipeline_notes (id, note) VALUES ($1, $2)');
const countNotes = sql<{ n: number }>('test.pipeline.count', 'SELECT count(*)::int AS n FROM public.pipeline_notes WHERE note = $1');

/** Round trips a client makes from now on: each one ends with the server's ReadyForQuery. */
function countRoundTrips(client: PoolClient): () => number {
  let count = 0;
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => count++);
  return () => count;
}

describe('runPipelined', () => {
  let db: TestDatabase;
  let pool: Pool;
  let counter = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('admin');
    await pool.query('CREATE TABLE public.pipeline_notes (id int PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(() => db.drop());

  async function notes(note: string): Promise<number> {
    return (await run(pool, countNotes, [note]))[0].n;
  }

  /** A session that has prepared insertNote already (pg prepares a named statement on its first use). */
  async function preparedClient(): Promise<PoolClient> {
    const client = await pool.connect();
    await client.query('BEGIN');
    await run(client, insertNote, [-1 - counter, 'warm-up']);
    await client.query('ROLLBACK');
    return client;
  }

  it('runs prepared statements and the COMMIT in one round trip', async () => {
    const note = `one-trip-${++counter}`;
    const client = await preparedClient();
    try {
      await client.query('BEGIN');
      const roundTrips = countRoundTrips(client);
      await runPipelined(client, [{ query: insertNote, values: [counter * 100 + 1, note] }, { query: insertNote, values: [counter * 100 + 2, note] }], { last: 'COMMIT' });
      expect(roundTrips()).toBe(1);
      expect(client.getTransactionStatus()).toBe('I'); // committed: idle, not in a transaction
    } finally {
      client.release();
    }
    expect(await notes(note)).toBe(2);
  });

  it('returns each step\'s rows, parsed as a query\'s would be, between a first and a last statement', async () => {
    const note = `rows-${++counter}`;
    const client = await preparedClient();
    const readBack = sql<{ id: number; note: string; at: Date; big: string }>(
      'test.pipeline.read_back',
      'SELECT id, note, now() AS at, 9007199254740993::int8 AS big FROM public.pipeline_notes WHERE note = $1 ORDER BY id',
    );
    try {
      await run(client, readBack, ['nothing']); // prepared
      const roundTrips = countRoundTrips(client);
      const [inserted, read] = await runPipelined(client, [{ query: insertNote, values: [counter * 100, note] }, { query: readBack, values: [note] }], { first: 'BEGIN', last: 'COMMIT' });
      expect(roundTrips()).toBe(1);
      expect(inserted).toEqual([]);
      expect(read).toEqual([{ id: counter * 100, note, at: expect.any(Date), big: '9007199254740993' }]);
    } finally {
      client.release();
    }
    expect(await notes(note)).toBe(1);
  });

  it('stops at the first failing statement: its error is thrown, nothing after it runs, the session stays usable', async () => {
    const note = `fails-${++counter}`;
    const client = await preparedClient();
    try {
      await client.query('BEGIN');
      const id = counter * 100;
      await expect(
        runPipelined(client, [{ query: insertNote, values: [id, note] }, { query: insertNote, values: [id, note] }, { query: insertNote, values: [id + 1, note] }], { last: 'COMMIT' }),
      ).rejects.toMatchObject({ code: '23505' });
      await client.query('ROLLBACK');
      // The same prepared statement works afterwards on the same session.
      await runPipelined(client, [{ query: insertNote, values: [id + 2, `${note}-after`] }]);
    } finally {
      client.release();
    }
    expect(await notes(note)).toBe(0);
    expect(await notes(`${note}-after`)).toBe(1);
  });

  it('on a session that has not prepared a statement yet, runs them one by one and prepares them', async () => {
    const note = `fresh-${++counter}`;
    const client = await pool.connect();
    try {
      (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements = {};
      await client.query('DEALLOCATE ALL');
      await client.query('BEGIN');
      const first = countRoundTrips(client);
      await runPipelined(client, [{ query: insertNote, values: [counter * 100, note] }], { last: 'COMMIT' });
      expect(first()).toBe(2); // the statement (prepared on the way), then the COMMIT
      await client.query('BEGIN');
      const second = countRoundTrips(client);
      await runPipelined(client, [{ query: insertNote, values: [counter * 100 + 1, note] }], { last: 'COMMIT' });
      expect(second()).toBe(1);
    } finally {
      client.release();
    }
    expect(await notes(note)).toBe(2);
  });

  it('throws on a value pg cannot send, before anything is written', async () => {
    const client = await preparedClient();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    try {
      const roundTrips = countRoundTrips(client);
      await expect(runPipelined(client, [{ query: insertNote, values: [1, circular] }])).rejects.toThrow();
      expect(roundTrips()).toBe(0);
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      client.release();
    }
  });
});
