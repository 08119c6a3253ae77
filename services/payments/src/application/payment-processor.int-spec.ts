import { sleep } from '@shop/messaging';
import { providerTimeouts } from '@shop/service-kit';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import pino from 'pino';
import { PgPaymentRepository } from '../infrastructure/postgres/pg-payment.repository';
import { SimulatedProvider } from '../infrastructure/provider/simulated-provider';
import { PaymentProcessor } from './payment-processor';
import { CHARGE_CANCELLED, type PaymentProvider, ProviderTimeoutError, TransientProviderError } from './payment-provider.port';

describe('PaymentProcessor against the simulated provider', () => {
  let db: TestDatabase;
  const log = pino({ level: 'silent' });
  const payments = new PgPaymentRepository();

  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  async function pendingPayment(orderId: number, token: string): Promise<string> {
    const { rows } = await db.pool('payments_svc').query(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id)
       VALUES ($1, 9, 1, $2, 1500, 'USD', 'simulated', $3, 'test', gen_random_uuid()) RETURNING id`,
      [orderId, `order-${orderId}-attempt-1`, token],
    );
    return rows[0].id;
  }

  /** The process "dies" right after the provider answered: the charge happened, its result never reaches the database. */
  const crashingAfterCharge = (real: SimulatedProvider): PaymentProvider => ({
    name: real.name,
    charge: async (request) => {
      await real.charge(request);
      throw new Error('process killed after the provider call');
    },
    refund: (request) => real.refund(request),
    lookup: (key) => real.lookup(key),
    cancel: (request) => real.cancel(request),
  });

  const ledger = (key: string) => db.pool('admin').query(`SELECT kind, status, calls FROM provider_sim.ledger WHERE idempotency_key = $1`, [key]);

  it('captures once however many workers race on one payment', async () => {
    const provider = new SimulatedProvider(db.pool('provider_sim'));
    const processor = new PaymentProcessor(db.pool('payments_svc'), provider, log);
    const id = await pendingPayment(1, 'tok_visa');
    await Promise.all([processor.capture(id), processor.capture(id), processor.capture(id), processor.reconcile(0)]);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('CAPTURED');
    expect((await ledger('order-1-attempt-1')).rows).toEqual([expect.objectContaining({ kind: 'CHARGE', status: 'SUCCEEDED' })]);
    const events = await db.pool('admin').query(`SELECT event_type, event_version, sequence FROM payments.outbox WHERE aggregate_id = '1' ORDER BY sequence`);
    expect(events.rows).toEqual([
      { event_type: 'payments.payment-captured', event_version: 1, sequence: 1 },
      { event_type: 'payments.payment-captured', event_version: 2, sequence: 2 },
    ]);
  });

  it('records concurrent captures in groups: each outcome, its events and its refund as if recorded alone', async () => {
    const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), log);
    // Orders 101..130: every third is declined, order 104 was cancelled while its capture was in flight.
    const orders = Array.from({ length: 30 }, (_, index) => 101 + index);
    const declined = (order: number) => order % 3 === 0;
    const ids = await Promise.all(orders.map((order) => pendingPayment(order, declined(order) ? 'tok_chargeDeclined' : 'tok_visa')));
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (104)`);
    await Promise.all([...ids.map((id) => processor.capture(id)), processor.capture(ids[0])]);
    const statuses = await Promise.all(ids.map(async (id) => (await payments.find(db.pool('payments_svc'), id))!.status));
    expect(statuses).toEqual(orders.map((order) => (order === 104 ? 'REFUNDED' : declined(order) ? 'FAILED' : 'CAPTURED')));
    const events = await db.pool('admin').query<{ aggregate_id: string; types: string }>(
      `SELECT aggregate_id, string_agg(event_type || '@' || event_version, ' ' ORDER BY sequence) AS types FROM payments.outbox
        WHERE aggregate_id = ANY($1::text[]) GROUP BY aggregate_id ORDER BY aggregate_id::bigint`, [orders.map(String)]);
    expect(events.rows.map((row) => row.types)).toEqual(orders.map((order) =>
      declined(order) ? 'payments.payment-declined@1'
        : order === 104 ? 'payments.payment-captured@1 payments.payment-captured@2 payments.payment-refunded@1'
          : 'payments.payment-captured@1 payments.payment-captured@2'));
  });

  it('after a crash between the provider call and the record, the reconciler records the capture without charging again', async () => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const crashing = crashingAfterCharge(real);
    const id = await pendingPayment(2, 'tok_visa');
    await expect(new PaymentProcessor(db.pool('payments_svc'), crashing, log).capture(id)).rejects.toThrow(/process killed/);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('PENDING');

    await new PaymentProcessor(db.pool('payments_svc'), real, log).reconcile(0);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('CAPTURED');
    expect((await ledger('order-2-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'SUCCEEDED', calls: 1 }]);
  });

  it('cancels, not charges, a payment the reconciler finds for an order cancelled meanwhile', async () => {
    const provider = new SimulatedProvider(db.pool('provider_sim'));
    const processor = new PaymentProcessor(db.pool('payments_svc'), provider, log);
    const id = await pendingPayment(8, 'tok_visa');
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (8)`);
    await processor.reconcile(0);
    const payment = (await payments.find(db.pool('payments_svc'), id))!;
    expect({ status: payment.status, failureCode: payment.failure_code }).toEqual({ status: 'FAILED', failureCode: CHARGE_CANCELLED });
    expect((await ledger('order-8-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'CANCELLED', calls: 1 }]);
    const events = await db.pool('admin').query(`SELECT event_type FROM payments.outbox WHERE aggregate_id = '8' ORDER BY sequence`);
    expect(events.rows.map((row) => row.event_type)).toEqual(['payments.payment-declined']);
    expect((await db.pool('admin').query(`SELECT 1 FROM payments.refunds WHERE payment_id = $1`, [id])).rowCount).toBe(0);
    // The capture that was in flight before the crash arrives late: declined, and nothing is recorded twice.
    expect(await provider.charge({ idempotencyKey: 'order-8-attempt-1', token: 'tok_visa', amountCents: 1500, currency: 'USD' })).toMatchObject({ outcome: 'declined', reason: CHARGE_CANCELLED });
    await processor.capture(id);
    expect((await ledger('order-8-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'CANCELLED', calls: 2 }]);
  });

  it('refunds, as before, when the charge reached the provider before the reconciler could cancel it', async () => {
    // The charge lands between the reconciler's lookup and its cancel: the lookup still finds nothing.
    const crashing = { ...crashingAfterCharge(new SimulatedProvider(db.pool('provider_sim'))), lookup: async () => undefined };
    const id = await pendingPayment(9, 'tok_visa');
    await expect(new PaymentProcessor(db.pool('payments_svc'), crashing, log).capture(id)).rejects.toThrow(/process killed/);
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (9)`);
    await new PaymentProcessor(db.pool('payments_svc'), crashing, log).reconcile(0);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('REFUNDED');
    expect((await ledger('order-9-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'SUCCEEDED', calls: 1 }]);
    expect((await ledger('refund-order-9-attempt-1')).rows).toEqual([expect.objectContaining({ kind: 'REFUND', status: 'SUCCEEDED' })]);
  });

  it('gives up on a charge past its deadline with the payment PENDING, and the reconciler records the late charge once', async () => {
    const lines: Record<string, unknown>[] = [];
    const warnings = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // The provider's own pool has no deadline here: only the processor's bounds the call.
    const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), warnings, { providerTimeoutMs: 300 });
    const id = await pendingPayment(11, 'tok_visa');
    const timeouts = async () => (await providerTimeouts.get()).values.find((value) => value.labels.call === 'charge')?.value ?? 0;
    const timeoutsBefore = await timeouts();
    // Another session holds the ledger: the charge's insert waits, as a provider that stopped answering.
    const holder = await db.pool('admin').connect();
    await holder.query(`BEGIN; LOCK TABLE provider_sim.ledger IN SHARE MODE`);
    try {
      const started = Date.now();
      const answer = await Promise.race([processor.capture(id).then(() => 'captured', (error) => error), sleep(3_000).then(() => 'still waiting after 3 s')]);
      expect(answer).toBeInstanceOf(ProviderTimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('PENDING');
      expect(await timeouts()).toBe(timeoutsBefore + 1);
      expect(lines).toContainEqual(expect.objectContaining({ level: 40, orderId: '11', paymentId: id, correlationId: 'test', timedOut: true }));
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    // The timed-out charge completes at the provider once the lock goes; the reconciler finds it by key.
    for (let waited = 0; (await ledger('order-11-attempt-1')).rowCount === 0 && waited < 5_000; waited += 50) await sleep(50);
    await processor.reconcile(0);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('CAPTURED');
    expect((await ledger('order-11-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'SUCCEEDED', calls: 1 }]);
    const events = await db.pool('admin').query(`SELECT event_type FROM payments.outbox WHERE aggregate_id = '11' ORDER BY sequence`);
    expect(events.rows.map((row) => row.event_type)).toEqual(['payments.payment-captured', 'payments.payment-captured']);
  });

  it('logs a failed capture and a failed reconciliation with the order id', async () => {
    const lines: Record<string, unknown>[] = [];
    const warnings = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const failing: PaymentProvider = { ...crashingAfterCharge(real), charge: async () => { throw new Error('canceling statement due to statement timeout'); } };
    const processor = new PaymentProcessor(db.pool('payments_svc'), failing, warnings);
    const id = await pendingPayment(12, 'tok_visa');
    await expect(processor.capture(id)).rejects.toThrow(/statement timeout/);
    await processor.reconcile(0);
    const failures = lines.filter((line) => line.paymentId === id);
    expect(failures.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^capture failed with its outcome unknown; the payment stays PENDING/),
      expect.stringMatching(/^capture failed with its outcome unknown/),
      'reconcile capture failed; will retry after the others',
    ]);
    for (const line of failures) expect(line).toMatchObject({ level: 40, orderId: '12' });
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('PENDING');
  });

  it('retries transient errors with the same key and records a decline as FAILED', async () => {
    const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), log);
    const flaky = await pendingPayment(3, 'tok_processingError');
    const declined = await pendingPayment(4, 'tok_chargeDeclined');
    await processor.capture(flaky);
    await processor.capture(declined);
    expect((await payments.find(db.pool('payments_svc'), flaky))!.status).toBe('CAPTURED');
    expect((await payments.find(db.pool('payments_svc'), declined))!.status).toBe('FAILED');
    expect((await ledger('order-3-attempt-1')).rows).toHaveLength(1);
  });

  it('cancels the key of a payment whose order is known to be cancelled, and charges nothing', async () => {
    const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), log);
    const id = await pendingPayment(401, 'tok_visa');
    await processor.cancelCharge((await payments.find(db.pool('payments_svc'), id))!);
    const payment = (await payments.find(db.pool('payments_svc'), id))!;
    expect({ status: payment.status, failureCode: payment.failure_code }).toEqual({ status: 'FAILED', failureCode: CHARGE_CANCELLED });
    expect((await ledger('order-401-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'CANCELLED', calls: 1 }]);
  });

  it.each([
    [2, 'CAPTURED'],
    [3, 'PENDING'],
  ])('with 2 transient retries, a provider failing %i times in a row leaves the payment %s', async (failures, status) => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    let calls = 0;
    const flaky: PaymentProvider = {
      ...crashingAfterCharge(real),
      charge: async (request) => {
        if (++calls <= failures) throw new TransientProviderError('provider busy');
        return real.charge(request);
      },
    };
    const processor = new PaymentProcessor(db.pool('payments_svc'), flaky, log, { transientRetries: 2 });
    const id = await pendingPayment(410 + failures, 'tok_visa');
    const captured = processor.capture(id);
    if (status === 'PENDING') await expect(captured).rejects.toThrow(TransientProviderError);
    else await captured;
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe(status);
    expect(calls).toBe(3);
  });

  it('records a late capture as done though the refund of its cancelled order fails; the refund stays PENDING', async () => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const refundDown: PaymentProvider = { ...crashingAfterCharge(real), charge: (request) => real.charge(request), refund: async () => { throw new Error('provider unreachable'); } };
    const processor = new PaymentProcessor(db.pool('payments_svc'), refundDown, log);
    const id = await pendingPayment(420, 'tok_visa');
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (420)`);
    await expect(processor.capture(id)).resolves.toBeUndefined();
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('CAPTURED');
    expect((await db.pool('admin').query(`SELECT status FROM payments.refunds WHERE payment_id = $1`, [id])).rows).toEqual([{ status: 'PENDING' }]);
  });

  it('refunds a capture that completes after its order was cancelled', async () => {
    const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), log);
    const id = await pendingPayment(5, 'tok_visa');
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (5)`);
    await processor.capture(id);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('REFUNDED');
    const refund = await db.pool('admin').query(`SELECT kind, status FROM provider_sim.ledger WHERE idempotency_key = 'refund-order-5-attempt-1'`);
    expect(refund.rows).toEqual([{ kind: 'REFUND', status: 'SUCCEEDED' }]);
  });

  it('records a refund the provider declines as FAILED: no PaymentRefunded, the payment stays CAPTURED', async () => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const refusing: PaymentProvider = {
      name: real.name,
      charge: (request) => real.charge(request),
      refund: async () => ({ outcome: 'declined', reason: 'charge already disputed', providerRef: 'sim_refused_refund' }),
      lookup: (key) => real.lookup(key),
      cancel: (request) => real.cancel(request),
    };
    const processor = new PaymentProcessor(db.pool('payments_svc'), refusing, log);
    const id = await pendingPayment(6, 'tok_visa');
    await db.pool('payments_svc').query(`INSERT INTO payments.cancelled_orders (order_id) VALUES (6)`);
    await processor.capture(id);
    expect((await payments.find(db.pool('payments_svc'), id))!.status).toBe('CAPTURED');
    const refunds = await db.pool('admin').query(`SELECT status, provider_ref FROM payments.refunds WHERE payment_id = $1`, [id]);
    expect(refunds.rows).toEqual([{ status: 'FAILED', provider_ref: 'sim_refused_refund' }]);
    const events = await db.pool('admin').query(`SELECT event_type FROM payments.outbox WHERE aggregate_id = '6' ORDER BY sequence`);
    expect(events.rows.map((row) => row.event_type)).not.toContain('payments.payment-refunded');
    // A FAILED refund is not retried by the reconciler as if it were still pending.
    await processor.reconcile(0);
    expect((await db.pool('admin').query(`SELECT status FROM payments.refunds WHERE payment_id = $1`, [id])).rows).toEqual([{ status: 'FAILED' }]);
  });

  it('reconciles past payments that keep failing: a failed pass moves them behind the others', async () => {
    const real = new SimulatedProvider(db.pool('provider_sim'));
    const broken: PaymentProvider = {
      name: real.name,
      charge: async (request) => {
        if (request.token === 'tok_broken') throw new Error('provider refused the request (not transient)');
        return real.charge(request);
      },
      refund: (request) => real.refund(request),
      lookup: (key) => real.lookup(key),
      cancel: (request) => real.cancel(request),
    };
    const processor = new PaymentProcessor(db.pool('payments_svc'), broken, log);
    const ids = [await pendingPayment(801, 'tok_broken'), await pendingPayment(802, 'tok_broken'), await pendingPayment(803, 'tok_visa')];
    // Oldest first: the two that fail are ahead of the one that would succeed.
    for (const [index, id] of ids.entries()) {
      await db.pool('admin').query(`UPDATE payments.payments SET updated_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, 30 - index]);
    }
    const status = async (id: string) => (await payments.find(db.pool('payments_svc'), id))!.status;
    expect(await processor.reconcile(0, 2)).toBe(2);
    expect(await Promise.all(ids.map(status))).toEqual(['PENDING', 'PENDING', 'PENDING']);
    await processor.reconcile(0, 2);
    expect(await Promise.all(ids.map(status))).toEqual(['PENDING', 'PENDING', 'CAPTURED']);
  });
});
