import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import { Writable } from 'node:stream';
import { PgPaymentRepository } from '../infrastructure/postgres/pg-payment.repository';
import { SimulatedProvider } from '../infrastructure/provider/simulated-provider';
import { PaymentProcessor } from './payment-processor';
import type { PaymentProvider, ProviderResult } from './payment-provider.port';

// A reconcile pass settled its stale payments one by one, so a provider that stopped answering held it for a
// deadline per payment (up to 200 of them). It now runs a few at a time and stops once deadlines keep passing.
describe('the reconciler against a slow or silent provider', () => {
  let db: TestDatabase;
  const payments = new PgPaymentRepository();

  beforeEach(async () => (db = await createTestDatabase()));
  afterEach(() => db.drop());

  async function stalePayments(count: number, firstOrderId: number): Promise<string[]> {
    const { rows } = await db.pool('payments_svc').query<{ id: string }>(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id)
       SELECT o, 9, 1, 'order-' || o || '-attempt-1', 1500, 'USD', 'simulated', 'tok_visa', 'test', gen_random_uuid()
         FROM generate_series($1::bigint, $1::bigint + $2 - 1) AS o ORDER BY o RETURNING id`,
      [firstOrderId, count],
    );
    return rows.map((row) => row.id);
  }
  const statuses = async (ids: string[]) => Promise.all(ids.map(async (id) => (await payments.find(db.pool('payments_svc'), id))!.status));

  /** The simulated provider, with every lookup first waiting on `before`. */
  const withLookup = (real: SimulatedProvider, before: (key: string) => Promise<void>): PaymentProvider => ({
    name: real.name,
    charge: (request) => real.charge(request),
    refund: (request) => real.refund(request),
    lookup: async (key): Promise<ProviderResult | undefined> => {
      await before(key);
      return real.lookup(key);
    },
    cancel: (request) => real.cancel(request),
  });

  it('asks the provider about four payments at a time, not one', async () => {
    const ids = await stalePayments(10, 100);
    let inFlight = 0;
    let started = 0;
    const gates: (() => void)[] = [];
    const provider = withLookup(new SimulatedProvider(db.pool('provider_sim')), async () => {
      started++;
      inFlight++;
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
    });
    const pass = new PaymentProcessor(db.pool('payments_svc'), provider, pino({ level: 'silent' }), { providerTimeoutMs: 60_000 }).reconcile(0);
    await waitFor('four lookups under way', async () => (inFlight === 4 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(started).toBe(4); // a fifth waits for one of them
    const release = setInterval(() => gates.splice(0).forEach((open) => open()), 10);
    try {
      expect(await pass).toBe(10);
    } finally {
      clearInterval(release);
    }
    expect(started).toBe(10);
    expect(await statuses(ids)).toEqual(Array(10).fill('CAPTURED'));
  });

  it('stops a pass once the provider keeps missing its deadline, says so, and settles everything once it answers', async () => {
    const ids = await stalePayments(12, 200);
    const warnings: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _encoding, done) => void (warnings.push(JSON.parse(String(chunk))), done()) }));
    let lookups = 0;
    const silent = withLookup(new SimulatedProvider(db.pool('provider_sim')), () => {
      lookups++;
      return new Promise<void>(() => undefined); // never answers
    });

    expect(await new PaymentProcessor(db.pool('payments_svc'), silent, log, { providerTimeoutMs: 200 }).reconcile(0)).toBe(12);

    // Four lanes; each of the first two deadlines may let its lane start one more before the third stops the pass.
    expect(lookups).toBeGreaterThanOrEqual(4);
    expect(lookups).toBeLessThanOrEqual(6);
    expect(await statuses(ids)).toEqual(Array(12).fill('PENDING'));
    expect(warnings.find((line) => /reconcile pass stopped its captures early/.test(String(line.msg)))).toMatchObject({ settled: lookups, left: 12 - lookups });

    const answering = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), pino({ level: 'silent' }));
    await answering.reconcile(0);
    expect(await statuses(ids)).toEqual(Array(12).fill('CAPTURED'));
    const charges = await db.pool('admin').query(`SELECT count(*)::int AS n, sum(calls)::int AS calls FROM provider_sim.ledger WHERE kind = 'CHARGE' AND idempotency_key LIKE 'order-2%'`);
    expect(charges.rows[0]).toEqual({ n: 12, calls: 12 });
  });

  it('settles a stale refund while payments whose keys the provider never answers about stop the captures', async () => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const [captured] = await stalePayments(1, 900);
    await new PaymentProcessor(db.pool('payments_svc'), real, pino({ level: 'silent' })).reconcile(0);
    expect(await statuses([captured])).toEqual(['CAPTURED']);
    await db.pool('admin').query(
      `INSERT INTO payments.refunds (payment_id, order_id, amount_cents, currency, idempotency_key, reason) VALUES ($1, 900, 1500, 'USD', 'refund-900', 'test')`, [captured],
    );
    await stalePayments(3, 301);
    const stuck = withLookup(real, (key) => (key.startsWith('order-30') ? new Promise<void>(() => undefined) : Promise.resolve()));
    await new PaymentProcessor(db.pool('payments_svc'), stuck, pino({ level: 'silent' }), { providerTimeoutMs: 150 }).reconcile(0);
    const refund = await db.pool('admin').query(`SELECT status FROM payments.refunds WHERE idempotency_key = 'refund-900'`);
    expect(refund.rows).toEqual([{ status: 'SUCCEEDED' }]);
  });
});
