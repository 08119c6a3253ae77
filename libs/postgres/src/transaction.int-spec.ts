import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { withTransaction } from './transaction';

describe('withTransaction', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('admin');
    await pool.query('CREATE TABLE public.tx_notes (id int PRIMARY KEY)');
  });
  afterAll(() => db.drop());

  const notes = async () => (await pool.query<{ id: number }>('SELECT id FROM public.tx_notes ORDER BY id')).rows.map((row) => row.id);

  it('commits the work and answers its result', async () => {
    expect(await withTransaction(pool, async (tx) => (await tx.query('INSERT INTO public.tx_notes VALUES (1) RETURNING id')).rows[0].id)).toBe(1);
    expect(await notes()).toEqual([1]);
  });

  it('rolls back when the work throws', async () => {
    await expect(withTransaction(pool, async (tx) => {
      await tx.query('INSERT INTO public.tx_notes VALUES (2)');
      throw new Error('no');
    })).rejects.toThrow('no');
    expect(await notes()).toEqual([1]);
  });

  it('fails when the work swallowed a statement error: the server turned the COMMIT into a ROLLBACK', async () => {
    await expect(withTransaction(pool, async (tx) => {
      await tx.query('INSERT INTO public.tx_notes VALUES (3)');
      await tx.query('INSERT INTO public.tx_notes VALUES (1)').catch(() => undefined); // duplicate key, caught
    })).rejects.toThrow(/rolled back at COMMIT/);
    expect(await notes()).toEqual([1]);
  });
});
