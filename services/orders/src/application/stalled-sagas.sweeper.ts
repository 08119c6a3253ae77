import { aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import { reservationExpiries } from '@shop/service-kit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import { advanceSaga } from './order-saga';

/**
 * A stuck saga is found by time: a PENDING order past its deadline (reservation TTL) is cancelled, which makes
 * inventory release its stock and payments refund a capture that raced the deadline.
 */
export async function cancelStalledSagas(pool: Pool, log: Logger, now = new Date()): Promise<number> {
  const ids = await new PgOrderRepository().stalled(pool, now, 200);
  let cancelled = 0;
  for (const orderId of ids) {
    await withTransaction(pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('order', orderId)]);
      const correlationId = `saga-timeout:${orderId}`;
      const outcome = await advanceSaga(tx, orderId, { kind: 'deadline-passed' }, 'system:saga-timeout', { correlationId, causationId: correlationId });
      if (outcome.kind === 'apply') {
        cancelled++;
        reservationExpiries.inc({ source: 'saga-deadline' });
        log.info({ orderId }, 'saga deadline passed; order cancelled');
      }
    });
  }
  return cancelled;
}
