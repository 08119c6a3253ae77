import { countingPool, createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { SimulatedProvider } from './simulated-provider';

describe('SimulatedProvider', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('provider_sim');
  });
  afterAll(() => db.drop());

  const charge = (key: string, token = 'tok_visa') => ({ idempotencyKey: key, token, amountCents: 1999, currency: 'USD' });

  it('records concurrent charges together, each with its own outcome and reference', async () => {
    const { pool: spy, calls } = countingPool(pool);
    const provider = new SimulatedProvider(spy);
    const tokens = ['tok_visa', 'tok_chargeDeclined', 'tok_mastercard', 'tok_visa', 'tok_chargeDeclined', 'tok_visa', 'tok_visa', 'tok_visa'];
    const results = await Promise.all(tokens.map((token, index) => provider.charge(charge(`together-${index}`, token))));
    expect(results.map((result) => result.outcome)).toEqual(tokens.map((token) => (token === 'tok_chargeDeclined' ? 'declined' : 'succeeded')));
    expect(new Set(results.map((result) => result.providerRef)).size).toBe(tokens.length);
    expect(calls.get('provider_sim.ledger.record_once_group')).toBeLessThan(tokens.length / 2);
    for (const [index, result] of results.entries()) expect(await provider.lookup(`together-${index}`)).toEqual(result);
  });

  it('answers the same key with the first result, concurrently or later, and moves money once', async () => {
    const provider = new SimulatedProvider(pool);
    const [first, second] = await Promise.all([provider.charge(charge('once')), provider.charge(charge('once'))]);
    expect(second).toEqual(first);
    expect(await provider.charge(charge('once', 'tok_chargeDeclined'))).toEqual(first);
    const { rows } = await db.pool('admin').query(`SELECT count(*)::int AS n, max(calls) AS calls FROM provider_sim.ledger WHERE idempotency_key = 'once'`);
    expect(rows[0]).toEqual({ n: 1, calls: 3 });
  });

  it('refunds once per key', async () => {
    const provider = new SimulatedProvider(pool);
    const captured = await provider.charge(charge('to-refund'));
    const refund = { idempotencyKey: 'refund-1', chargeRef: captured.providerRef!, amountCents: 1999, currency: 'USD' };
    const [a, b] = await Promise.all([provider.refund(refund), provider.refund(refund)]);
    expect(a).toEqual(b);
    expect(a.outcome).toBe('succeeded');
    expect(a.providerRef).toMatch(/^re_/);
  });
});
