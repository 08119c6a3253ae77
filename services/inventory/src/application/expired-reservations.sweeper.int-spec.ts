import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { PgStockRepository } from '../infrastructure/postgres/pg-stock.repository';
import { createSku, orderConfirmed, orderPlaced, processBatch } from '../testing/stock-saga-kit';
import { releaseExpiredReservations } from './expired-reservations.sweeper';

// The expiry safety net against paid orders: a confirmed order's stock must never go back on sale.
describe('expired reservations sweeper', () => {
  let db: TestDatabase;
  let pool: Pool;
  let skuId: string;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    skuId = await createSku(db.pool('admin'), 'TEA', 5);
  });
  afterAll(() => db.drop());

  // Placed with a deadline a minute past: the sweeper releases it unless it is pinned.
  const placedLate = (orderId: string) => orderPlaced(orderId, skuId, new Date(Date.now() - 60_000));
  const status = async (orderId: string) => (await db.pool('admin').query(`SELECT status FROM inventory.reservations WHERE order_id = $1`, [orderId])).rows[0]?.status;

  it('releases an expired reservation nobody confirmed', async () => {
    await processBatch(pool, [placedLate('900')]);
    expect(await releaseExpiredReservations(pool, log, 0)).toBe(1);
    expect(await status('900')).toBe('RELEASED');
  });

  it('leaves a confirmed order its stock: OrderConfirmed pins the reservation', async () => {
    await processBatch(pool, [placedLate('901')]);
    await processBatch(pool, [orderConfirmed('901')]);
    expect(await releaseExpiredReservations(pool, log, 0)).toBe(0);
    expect(await status('901')).toBe('ACTIVE');
  });

  it('leaves it too when the pin commits after the sweeper read the expired orders', async () => {
    await processBatch(pool, [placedLate('902')]);
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
