import {
  EventEnvelope, OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderPlacedV1, OrderPlacedV1Contract, OrderShippedV1Contract, StockCommittedV1Contract,
  StockRejectedV1Contract, StockReleasedV1Contract, StockReservedV1Contract, causedBy, newEvent,
} from '@shop/contracts';
import { OutboxWriter, Prefetch, Subscription, aggregateKey, subscribe, subscribeBatch } from '@shop/messaging';
import { confirmedWithoutStock, shippedAfterRelease } from '@shop/service-kit';
import { planReservation } from '../domain/reservation-plan';
import { LevelsAndDecided, PgStockRepository } from '../infrastructure/postgres/pg-stock.repository';

const writesReservation = (event: { payload: { orderId: string } }) => [aggregateKey('reservation', event.payload.orderId)];

/** The stock levels of every SKU of the batch's orders, locked with its BEGIN, and which of them were decided. */
const LEVELS: Prefetch = {
  key: 'inventory.levels',
  step: (events) => {
    const placed = events.map((event) => event.payload as OrderPlacedV1);
    return PgStockRepository.lockLevelsAndDecidedStep([...new Set(placed.flatMap((order) => order.lines.map((line) => line.skuId)))], placed.map((order) => order.orderId));
  },
};

/**
 * Inventory's part of the checkout saga. Each step runs in the consumer's transaction with its inbox row, so a
 * redelivered event has no second effect.
 * - OrderPlaced: reserve every line or none -> StockReserved | StockRejected (a run of them at once)
 * - OrderConfirmed: the order is paid; its stock no longer expires (a run of them in one statement)
 * - OrderCancelled: release what is held -> StockReleased (compensation of the reservation); with nothing held,
 *   note the cancellation so that a late OrderPlaced (a redriven dead letter) reserves nothing
 * - OrderShipped: the held units leave stock -> StockCommitted (units of a reservation released as expired too)
 */
export function stockSagaSubscriptions(): Subscription[] {
  const stock = new PgStockRepository();
  const outbox = new OutboxWriter('inventory.outbox');

  return [
    // Set-based: a run of OrderPlaced (a flash sale queues thousands on one SKU) is decided against the stock
    // locked once, each SKU row written once per run, and all StockReserved/StockRejected appended in one statement.
    subscribeBatch(OrderPlacedV1Contract, async (events, { tx, log, prefetched, atCommit }) => {
      const decisions = await stock.reserveRun(tx, events.map((event) => ({
        orderId: event.payload.orderId, plan: planReservation(event.payload.lines), expiresAt: new Date(event.payload.reserveUntil),
      })), prefetched(LEVELS.key)?.[0] as LevelsAndDecided | undefined);
      const outcomes = events.flatMap((event, index): EventEnvelope[] => {
        const decision = decisions[index];
        const { orderId } = event.payload;
        if (decision.outcome === 'already') return []; // decided for this order before
        if (decision.outcome === 'reserved') {
          return [newEvent(StockReservedV1Contract, orderId, { orderId, lines: decision.plan, expiresAt: new Date(event.payload.reserveUntil).toISOString() }, causedBy(event))];
        }
        log.info({ orderId, correlationId: event.correlationId, shortages: decision.shortages }, 'stock rejected');
        return [newEvent(StockRejectedV1Contract, orderId, { orderId, reason: decision.reason, shortages: decision.shortages }, causedBy(event))];
      });
      // With the batch's COMMIT: nothing later in the batch reads inventory's outbox.
      const append = outbox.appendStep(outcomes);
      if (append) await atCommit(append.query, append.values);
    }, { writes: writesReservation, prefetch: LEVELS }),

    subscribeBatch(OrderConfirmedV1Contract, async (events, { tx, log }) => {
      const unpinned = await stock.pin(tx, events.map((event) => event.payload.orderId));
      const correlationOf = new Map(events.map((event) => [event.payload.orderId, event.correlationId]));
      // The orders saga confirms only before the reservation's deadline, so this needs inventory to have been
      // behind the orders log by more than the expiry grace period: a paid order whose stock went back on sale.
      for (const orderId of unpinned) {
        confirmedWithoutStock.inc();
        log.error({ orderId, correlationId: correlationOf.get(orderId) }, 'a confirmed order has no active reservation to pin: its stock was released as expired; restock or cancel it');
      }
    }),

    subscribe(OrderCancelledV1Contract, async (event, { tx, prefetched }) => {
      const { orderId, reason } = event.payload;
      if ((await stock.close(tx, orderId, 'RELEASED')) > 0) {
        // The batch's stock levels, read with its BEGIN, no longer count these units: an OrderPlaced later in the
        // batch must read the levels again, or it would be refused the stock this release returned.
        prefetched(LEVELS.key);
        await outbox.append(tx, [newEvent(StockReleasedV1Contract, orderId, { orderId, reason: reason ?? 'order cancelled' }, causedBy(event))]);
      } else {
        // Nothing held: rejected, or its OrderPlaced not handled yet (dead-lettered). Noted, so a redrive of it
        // later reserves nothing for an order that is already cancelled.
        await stock.recordCancelled(tx, orderId);
      }
    }, { writes: writesReservation }),

    subscribe(OrderShippedV1Contract, async (event, { tx, log }) => {
      const { orderId } = event.payload;
      let units = await stock.close(tx, orderId, 'COMMITTED');
      if (units === 0) {
        // Confirmed too late to pin its reservation, which the safety net released; shipped all the same. Without
        // this the shipped units stayed on sale: sold twice.
        const taken = await stock.commitReleased(tx, orderId);
        units = taken.reduce((sum, line) => sum + line.quantity, 0);
        if (units > 0) {
          shippedAfterRelease.inc();
          log.error({ orderId, lines: taken }, 'a shipped order had no active reservation (released as expired): its units were taken off the count now');
        }
      }
      if (units > 0) await outbox.append(tx, [newEvent(StockCommittedV1Contract, orderId, { orderId }, causedBy(event))]);
    }, { writes: writesReservation }),
  ];
}
