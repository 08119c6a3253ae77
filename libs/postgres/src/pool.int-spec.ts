import { createTestDatabase, TestDatabase } from '@shop/testing';
import { IDLE_IN_TRANSACTION_TIMEOUT_MS, createPool } from './pool';

describe('createPool', () => {
  let db: TestDatabase;

  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it.each([
    ['the services\' default', undefined, `${IDLE_IN_TRANSACTION_TIMEOUT_MS / 1000}s`],
    ['a bulk tool that turns it off', 0, '0'],
  ])('sets the idle-in-transaction timeout: %s', async (_who, idleInTransactionTimeoutMs, shown) => {
    const pool = createPool({ url: db.adminUrl, applicationName: 'pool-spec', max: 1, idleInTransactionTimeoutMs });
    try {
      expect((await pool.query('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout).toBe(shown);
    } finally {
      await pool.end();
    }
  });

  it('ends a session that sits in a transaction past the timeout, so it cannot hold every reader back', async () => {
    const pool = createPool({ url: db.adminUrl, applicationName: 'pool-spec', max: 1, idleInTransactionTimeoutMs: 200 });
    const client = await pool.connect();
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error)); // the server's FATAL reaches the idle client as an event
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(errors[0]?.message).toMatch(/idle-in-transaction timeout/);
      await expect(client.query('SELECT 1')).rejects.toThrow();
    } finally {
      client.release(true);
      await pool.end();
    }
  });
});
