import { IdCursor, storyOf } from './order-story';
import type { IdCounts } from './id-space';
import type { World } from './world';

export interface SeedCounts {
  ids: IdCounts;
  /** Units held by ACTIVE reservations, per SKU (index into World.skus): the SKUs' reserved_count. */
  reservedBySku: Int32Array;
  captures: number;
  cancelled: number;
  byStatus: Record<string, number>;
}

/**
 * A dry walk over every order: how many rows each table gets (to reserve the id ranges up front and to show
 * progress as a percentage) and the stock each SKU has on hold.
 */
export function countRows(world: World, orders: number): SeedCounts {
  const ids = new IdCursor(world);
  const skuIndex = new Map(world.skus.map((sku, index) => [sku.id, index]));
  const reservedBySku = new Int32Array(world.skus.length);
  const byStatus: Record<string, number> = {};
  let captures = 0;
  let cancelled = 0;
  for (let index = 0; index < orders; index++) {
    const story = storyOf(world, orders, index, ids);
    byStatus[story.status] = (byStatus[story.status] ?? 0) + 1;
    if (story.status === 'CANCELLED') cancelled++;
    captures += story.payments.filter((payment) => payment.status !== 'FAILED').length;
    if (story.reservation?.status === 'ACTIVE') for (const line of story.lines) reservedBySku[skuIndex.get(line.sku.id)!] += line.quantity;
  }
  const { bases } = world;
  return {
    ids: {
      product: world.products.length, sku: world.skus.length, customer: world.customers.length, address: world.addresses.length + orders, order: orders,
      line: ids.line - bases.line, event: ids.event - bases.event, payment: ids.payment - bases.payment, refund: ids.refund - bases.refund,
      paymentOutbox: ids.paymentOutbox - bases.paymentOutbox, inventoryOutbox: ids.inventoryOutbox - bases.inventoryOutbox, reservation: ids.reservation - bases.reservation,
    },
    reservedBySku, captures, cancelled, byStatus,
  };
}
