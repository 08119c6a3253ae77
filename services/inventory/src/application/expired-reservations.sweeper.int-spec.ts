import { OrderConfirmedV1Contract, OrderPlacedV1Contract, newEvent } from '@shop/contracts';
import { BatchProcessor, ConsumerStore } from '@shop/messaging';
import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { PgStockRepository } from '../infrastructure/postgres/pg-stock.repository';
import { releaseExpiredReservations } from './expired-reservations.sweeper';
import { stockSagaSubscriptions } from './stock-saga.handlers';

// The expiry safety net against paid orders: a confirmed order's stock must never go back on sale.
describe('expired reservations sweeper', () => {
  let db: TestDatabase;
  let pool: Pool;
  let skuId: string;
  let group = 0;
  const log = pino({ level: 'silent' });
  const context = { correlationId: 'test', causationId: 'test' };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Tea')`);
    skuId = (await admin.query(`INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, 'TEA', 100, 'USD', 5 FROM inventory.products RETURNING id::text`)).rows[0].id;
  });
  afterAll(() => db.drop());

  // Placed a minute ago with a deadline already passed: the sweeper would release it unless it is pinned.
  const placedLate = (orderId: string) => ({
    ...newEvent(OrderPlacedV1Contract, orderId, {
      orderId, merchantId: '1', actor: 'test', fromStatus: null, toStatus: 'PENDING', reason: null, customerId: '1', currency: 'USD',
      subtotalCents: 100, taxCents: 0, shippingCents: 0, totalCents: 100, lines: [{ skuId, quantity: 1, unitPriceCents: 100 }],
      placedAt: new Date(Date.now() - 120_000).toISOString(), reserveUntil: new Date(Date.now() - 60_000).toISOString(),
    }, context),
    sequence: 1,
  });
  const confirmed = (orderId: string) => ({
    ...newEvent(OrderConfirmedV1Contract, orderId, {
      orderId, merchantId: '1', actor: 'system:saga', fromStatus: 'PENDING', toStatus: 'CONFIRMED', reason: null, paymentId: '1', amountCents: 100, currency: 'USD',
    }, context),
    sequence: 4,
  });
  const processBatch = (events: unknown[]) =>
    new BatchProcessor<number>({
      group: `sweeper-${++group}`, source: 'test', pool, store: new ConsumerStore('inventory'), log,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: stockSagaSubscriptions(),
    }).process(events.map((raw, position) => ({ raw, position })));
  const status = async (orderId: string) => (await db.pool('admin').query(`SELECT status FROM inventory.reservations WHERE order_id = $1`, [orderId])).rows[0]?.status;

  it('releases an expired reservation nobody confirmed', async () => {
    await processBatch([placedLate('900')]);
    expect(await releaseExpiredReservations(pool, log, 0)).toBe(1);
    expect(await status('900')).toBe('RELEASED');
  });

  it('leaves a confirmed order its stock: OrderConfirmed pins the reservation', async () => {
    await processBatch([placedLate('901')]);
    await processBatch([confirmed('901')]);
    expect(await releaseExpiredReservations(pool, log, 0)).toBe(0);
    expect(await status('901')).toBe('ACTIVE');
  });

  it('leaves it too when the pin commits after the sweeper read the expired orders', async () => {
    await processBatch([placedLate('902')]);
    const pinning = await pool.connect();
    try {
      await pinning.query('BEGIN');
      await new PgStockRepository().pin(pinning as never, ['902']);
      // The sweeper reads 902 as expired, then waits on the pin's row lock and must look again.
      const sweeping = releaseExpiredReservations(pool, log, 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await pinning.query('COMMIT');
      expect(await sweeping).toBe(0);
    } finally {
      pinning.release();
    }
    expect(await status('902')).toBe('ACTIVE');
  });
});
