import {
  OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderPlacedV1Contract, OrderShippedV1Contract, StockCommittedV1Contract,
  StockRejectedV1Contract, StockReleasedV1Contract, StockReservedV1Contract, causedBy, newEvent,
} from '@shop/contracts';
import { OutboxWriter, Subscription, aggregateKey, subscribe } from '@shop/messaging';
import { planReservation, shortages } from '../domain/reservation-plan';
import { PgStockRepository } from '../infrastructure/postgres/pg-stock.repository';

const writesReservation = (event: { payload: { orderId: string } }) => [aggregateKey('reservation', event.payload.orderId)];

/**
 * Inventory's part of the checkout saga. Each step runs in the consumer's transaction with its inbox row, so a
 * redelivered event has no second effect.
 * - OrderPlaced: reserve every line or none -> StockReserved | StockRejected
 * - OrderConfirmed: the order is paid; its stock no longer expires
 * - OrderCancelled: release what is held -> StockReleased (compensation of the reservation)
 * - OrderShipped: the held units leave stock -> StockCommitted
 */
export function stockSagaSubscriptions(): Subscription[] {
  const stock = new PgStockRepository();
  const outbox = new OutboxWriter('inventory.outbox');

  return [
    subscribe(OrderPlacedV1Contract, async (event, { tx, log }) => {
      const { orderId } = event.payload;
      const plan = planReservation(event.payload.lines);
      const expiresAt = new Date(event.payload.reserveUntil);
      const { already, reserved, levels } = await stock.reserveAll(tx, orderId, plan, expiresAt);
      if (already) return; // decided for this order before
      if (reserved) {
        await outbox.append(tx, [newEvent(StockReservedV1Contract, orderId, { orderId, lines: plan, expiresAt: expiresAt.toISOString() }, causedBy(event))]);
        return;
      }
      const short = shortages(plan, levels);
      const reason = short.some((line) => !levels.find((level) => level.skuId === line.skuId)) ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK';
      log.info({ shortages: short }, 'stock rejected');
      await outbox.append(tx, [newEvent(StockRejectedV1Contract, orderId, { orderId, reason, shortages: short }, causedBy(event))]);
    }, { writes: writesReservation }),

    subscribe(OrderConfirmedV1Contract, async (event, { tx }) => {
      await stock.pin(tx, event.payload.orderId);
    }),

    subscribe(OrderCancelledV1Contract, async (event, { tx }) => {
      const { orderId, reason } = event.payload;
      if ((await stock.close(tx, orderId, 'RELEASED')) > 0) {
        await outbox.append(tx, [newEvent(StockReleasedV1Contract, orderId, { orderId, reason: reason ?? 'order cancelled' }, causedBy(event))]);
      }
    }, { writes: writesReservation }),

    subscribe(OrderShippedV1Contract, async (event, { tx }) => {
      const { orderId } = event.payload;
      if ((await stock.close(tx, orderId, 'COMMITTED')) > 0) {
        await outbox.append(tx, [newEvent(StockCommittedV1Contract, orderId, { orderId }, causedBy(event))]);
      }
    }, { writes: writesReservation }),
  ];
}
