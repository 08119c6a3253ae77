import { createTestDatabase, TestDatabase } from '@shop/testing';

describe('payments schema constraints', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const insertPayment = (key: string, overrides: { amount?: number; attempt?: number; orderId?: number; status?: string } = {}) =>
    db.pool('payments_svc').query(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, status, provider, provider_token, correlation_id, request_event_id)
       VALUES ($1, 1, $2, $3, $4, 'USD', $5, 'simulated', 'tok_visa', 'test', gen_random_uuid())`,
      [overrides.orderId ?? 1, overrides.attempt ?? 1, key, overrides.amount ?? 500, overrides.status ?? 'PENDING'],
    );

  it('makes a second payment with the same idempotency key impossible', async () => {
    await insertPayment('order-1-attempt-1');
    await expect(insertPayment('order-1-attempt-1', { attempt: 2 })).rejects.toThrow(/payments_idempotency_key/);
  });

  it.each([
    ['a zero amount', { amount: 0 }, /check constraint/],
    ['an unknown status', { status: 'SUCCEEDED' }, /check constraint/],
    ['attempt 0', { attempt: 0 }, /check constraint/],
  ])('refuses %s', async (_case, overrides, error) => {
    await expect(insertPayment(`k-${Math.random()}`, { orderId: 99, ...overrides })).rejects.toThrow(error);
  });

  it('has no column that could hold a card number', async () => {
    const { rows } = await db.pool('admin').query(
      `SELECT table_schema || '.' || table_name || '.' || column_name AS col FROM information_schema.columns
        WHERE table_schema IN ('payments', 'orders', 'inventory', 'provider_sim') AND column_name ~* '(card|pan|cvv|cvc)'`,
    );
    expect(rows).toEqual([]);
  });
});
