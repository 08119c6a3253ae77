import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool, PoolClient } from 'pg';
import { guardSession, withGuardedTransaction } from './session-guard';

// A checked-out client whose session is killed between queries emits 'error'; unguarded, jest reports it as
// an unhandled error (in a service: an uncaught exception). Guarded, the next query fails instead.
describe('session guard', () => {
  let db: TestDatabase;
  let pool: Pool;
  let admin: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('projections_svc');
    admin = db.pool('admin');
  });
  afterAll(() => db.drop());

  const ended = (client: PoolClient) => new Promise<void>((resolve) => client.once('end', () => resolve()));
  const kill = (client: PoolClient) => admin.query('SELECT pg_terminate_backend($1)', [(client as unknown as { processID: number }).processID]);

  it('turns a session killed while idle into a failing next query', async () => {
    const client = await pool.connect();
    const listenersBefore = client.listenerCount('error');
    const unguard = guardSession(client);
    const gone = ended(client);
    await kill(client);
    await gone;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    unguard();
    expect(client.listenerCount('error')).toBe(listenersBefore);
    client.release(true);
  });

  it('rejects a transaction whose session dies while its work is between queries', async () => {
    await expect(
      withGuardedTransaction(pool, async (tx) => {
        const gone = ended(tx);
        await tx.query('SELECT 1');
        await kill(tx);
        await gone;
        await tx.query('SELECT 2');
      }),
    ).rejects.toThrow();
    // The pool is still usable afterwards.
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
