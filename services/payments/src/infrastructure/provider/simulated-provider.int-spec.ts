import { countingPool, createTestDatabase, TestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { CHARGE_CANCELLED } from '../../application/payment-provider.port';
import { SimulatedProvider, createProviderPool } from './simulated-provider';

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

  it.each([
    // [case, what happens to the key before the cancellation, the cancellation's answer]
    ['an unused key: cancelled', async () => undefined, { outcome: 'declined', reason: CHARGE_CANCELLED }],
    ['a key charged first: too late, the capture stands', (provider: SimulatedProvider, key: string) => provider.charge(charge(key)), { outcome: 'succeeded' }],
    ['a key declined first: the decline stands', (provider: SimulatedProvider, key: string) => provider.charge(charge(key, 'tok_chargeDeclined')), { outcome: 'declined', reason: 'card declined' }],
    ['a key cancelled before: still cancelled', (provider: SimulatedProvider, key: string) => provider.cancel(charge(key)), { outcome: 'declined', reason: CHARGE_CANCELLED }],
  ])('cancels %s', async (name, before, expected) => {
    const provider = new SimulatedProvider(pool);
    const key = `cancel-${name.split(':')[0].replace(/ /g, '-')}`;
    await before(provider, key);
    const answer = await provider.cancel(charge(key));
    expect(answer).toMatchObject(expected);
    // From then on the key answers the same, whoever asks: a charge (however late), a lookup.
    expect(await provider.charge(charge(key))).toEqual(answer);
    expect(await provider.lookup(key)).toEqual(answer);
  });

  it('fails a ledger write the server does not answer within the deadline, and the call queued behind it', async () => {
    const bounded = createProviderPool(db.urlFor('provider_sim'), 300);
    const provider = new SimulatedProvider(bounded);
    const holder = await db.pool('admin').connect();
    await holder.query(`BEGIN; LOCK TABLE provider_sim.ledger IN SHARE MODE`);
    try {
      const started = Date.now();
      const first = provider.charge(charge('stuck-1'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Submitted while the first group's write is in flight: it waits for that write, then takes its own turn.
      const queued = provider.charge(charge('stuck-2'));
      const settled = await Promise.allSettled([first, queued]);
      expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect(await provider.charge(charge('after-the-lock'))).toMatchObject({ outcome: 'succeeded' });
    await bounded.end();
  });

  it('lets one of a racing charge and cancellation take the key, and both answer with it', async () => {
    const provider = new SimulatedProvider(pool);
    const [charged, cancelled] = await Promise.all([provider.charge(charge('race')), provider.cancel(charge('race'))]);
    expect(charged).toEqual(cancelled);
    const { rows } = await db.pool('admin').query(`SELECT count(*)::int AS n FROM provider_sim.ledger WHERE idempotency_key = 'race'`);
    expect(rows[0].n).toBe(1);
  });
});
