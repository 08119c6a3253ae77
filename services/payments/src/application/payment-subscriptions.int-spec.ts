import { randomUUID } from 'node:crypto';
import { OrderCancelledV1Contract, PaymentRequestedV1Contract, newEvent } from '@shop/contracts';
import { BatchProcessor, ConsumerStore } from '@shop/messaging';
import { TestDatabase, createTestDatabase, waitFor } from '@shop/testing';
import pino from 'pino';
import { SimulatedProvider } from '../infrastructure/provider/simulated-provider';
import { CHARGE_CANCELLED } from './payment-provider.port';
import { PaymentProcessor } from './payment-processor';
import { paymentSubscriptions } from './payment-subscriptions';

// Payments' saga handlers as the bus runs them, on a real database and the simulated provider.
describe('payment subscriptions', () => {
  let db: TestDatabase;
  const log = pino({ level: 'silent' });
  const context = { correlationId: 'test', causationId: 'test' };

  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  /** A payments process as it starts: nothing remembered in memory. */
  const freshProcess = () => {
    const pool = db.pool('payments_svc');
    const processor = new PaymentProcessor(pool, new SimulatedProvider(db.pool('provider_sim')), log);
    return new BatchProcessor<number>({
      group: 'payments', source: 'test', pool, store: new ConsumerStore('payments'), log,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: paymentSubscriptions(processor, 'simulated'),
    });
  };
  const requested = (orderId: string) => ({
    ...newEvent(PaymentRequestedV1Contract, orderId, {
      orderId, merchantId: '9', actor: 'system:saga', fromStatus: 'PENDING', toStatus: 'PENDING', reason: null,
      attempt: 1, amountCents: 1500, currency: 'USD', paymentToken: 'tok_visa', idempotencyKey: `order-${orderId}-attempt-1`,
    }, context),
    sequence: 2,
  });
  const cancelled = (orderId: string) =>
    newEvent(OrderCancelledV1Contract, orderId, { orderId, merchantId: '9', actor: 'system:saga-timeout', fromStatus: 'PENDING', toStatus: 'CANCELLED', reason: 'deadline', refundRequired: false }, context);
  const ledger = (key: string) => db.pool('admin').query(`SELECT kind, status FROM provider_sim.ledger WHERE idempotency_key = $1`, [key]);

  it('cancels at the provider, never charges, a request redriven after its order was cancelled, in a restarted process', async () => {
    // The request was dead-lettered; the order's cancellation was handled; then payments restarted.
    await freshProcess().process([{ raw: { ...cancelled('701'), sequence: 3 }, position: 1 }]);
    await freshProcess().redrive(requested('701'));
    expect((await ledger('order-701-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'CANCELLED' }]);
    const payment = await db.pool('admin').query(`SELECT status, failure_code FROM payments.payments WHERE order_id = 701`);
    expect(payment.rows).toEqual([{ status: 'FAILED', failure_code: CHARGE_CANCELLED }]);
  });

  it('charges a request for an order nobody cancelled', async () => {
    await freshProcess().redrive(requested('702'));
    expect((await ledger('order-702-attempt-1')).rows).toEqual([{ kind: 'CHARGE', status: 'SUCCEEDED' }]);
  });

  // A caller follows its cancel request by id: the refund it causes is in that correlation, caused by the cancel.
  it.each([
    ['captured before the cancellation', async (orderId: string, cancel: ReturnType<typeof cancelled>) => {
      await freshProcess().redrive(requested(orderId));
      await waitFor('the capture', async () => ((await db.pool('admin').query(`SELECT 1 FROM payments.payments WHERE order_id = $1 AND status = 'CAPTURED'`, [orderId])).rowCount === 1 ? true : undefined));
      await freshProcess().process([{ raw: { ...cancel, sequence: 3 }, position: 1 }]);
    }],
    ['captured after the cancellation was recorded', async (orderId: string, cancel: ReturnType<typeof cancelled>) => {
      await freshProcess().process([{ raw: { ...cancel, sequence: 3 }, position: 1 }]);
      // A charge the provider took anyway (the cancel at the provider came too late): recorded, then refunded.
      const processor = new PaymentProcessor(db.pool('payments_svc'), new SimulatedProvider(db.pool('provider_sim')), log);
      const pool = db.pool('payments_svc');
      await pool.query(`INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, status, provider, provider_token, correlation_id, request_event_id)
        VALUES ($1, 9, 1, $2, 1500, 'USD', 'PENDING', 'simulated', 'tok_visa', 'checkout-request', $3)`, [orderId, `order-${orderId}-attempt-1`, randomUUID()]);
      const { id } = (await pool.query(`SELECT id::text FROM payments.payments WHERE order_id = $1`, [orderId])).rows[0];
      await processor.capture(id);
    }],
  ])('a refund of a payment %s continues the cancel request', async (_when, happen) => {
    const orderId = _when.startsWith('captured before') ? '703' : '704';
    const cancel = newEvent(OrderCancelledV1Contract, orderId, { orderId, merchantId: '9', actor: 'customer:7', fromStatus: 'CONFIRMED', toStatus: 'CANCELLED', reason: 'changed my mind', refundRequired: true }, {
      correlationId: 'cancel-request-1', causationId: 'cancel-request-1',
    });
    await happen(orderId, cancel);
    const refunded = async () =>
      (await db.pool('admin').query(`SELECT payload->>'correlationId' AS correlation, payload->>'causationId' AS causation FROM payments.outbox
        WHERE aggregate_id = $1 AND event_type = 'payments.payment-refunded'`, [orderId])).rows;
    await waitFor('the refund', async () => ((await refunded()).length === 1 ? true : undefined));
    expect(await refunded()).toEqual([{ correlation: 'cancel-request-1', causation: cancel.eventId }]);
  });
});
