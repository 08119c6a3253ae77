import { StockReleasedV1Contract, newEvent } from '@shop/contracts';
import { OutboxWriter, aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import { reservationExpiries } from '@shop/service-kit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PgStockRepository } from '../infrastructure/postgres/pg-stock.repository';

/**
 * Safety net behind the saga: the orders service cancels unpaid orders at their deadline, which releases stock.
 * Should that cancellation never arrive, stock held past its expiry plus a grace period is released here, so
 * units are never stranded. Confirmed orders are pinned and never expire.
 */
export async function releaseExpiredReservations(pool: Pool, log: Logger, graceSeconds: number, now = new Date()): Promise<number> {
  const stock = new PgStockRepository();
  const outbox = new OutboxWriter('inventory.outbox');
  const cutoff = new Date(now.getTime() - graceSeconds * 1000);
  const orderIds = await stock.expiredOrderIds(pool, cutoff, 100);
  let released = 0;
  for (const orderId of orderIds) {
    await withTransaction(pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('reservation', orderId)]);
      // Still expired? The order may have been confirmed (pinned) since the scan above.
      if ((await stock.releaseExpired(tx, orderId, cutoff)) === 0) return;
      const correlationId = `expiry:${orderId}`;
      await outbox.append(tx, [newEvent(StockReleasedV1Contract, orderId, { orderId, reason: 'reservation expired' }, { correlationId, causationId: correlationId })]);
      released++;
      reservationExpiries.inc({ source: 'inventory-safety-net' });
      log.warn({ orderId }, 'released an expired reservation the saga did not cancel');
    });
  }
  return released;
}
