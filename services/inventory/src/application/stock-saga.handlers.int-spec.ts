import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import { createSku, orderCancelled, orderPlaced, orderShipped, processBatch, stockConsumer } from '../testing/stock-saga-kit';

// Inventory's saga handlers in one consumer batch, on a real database, as the bus hands them events.
describe('stock saga handlers in one batch', () => {
  let db: TestDatabase;
  let pool: Pool;
  let admin: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    admin = db.pool('admin');
  });
  afterAll(() => db.drop());

  const outcomes = async (orderId: string) =>
    (await admin.query(`SELECT event_type FROM inventory.outbox WHERE aggregate_id = $1 ORDER BY id`, [orderId])).rows.map((row) => row.event_type);
  const level = async (skuId: string) => (await admin.query(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [skuId])).rows[0];

  it('reserves for an order placed after a cancellation in the same batch with the units that cancellation returned', async () => {
    const lastOne = await createSku(admin, 'LAST', 1);
    await processBatch(pool, [orderPlaced('501', lastOne)]);
    expect(await outcomes('501')).toEqual(['inventory.stock-reserved']);
    // The last unit comes back with 501's cancellation; 502, later in the same batch, gets it.
    await processBatch(pool, [orderCancelled('501'), orderPlaced('502', lastOne)]);
    expect(await outcomes('501')).toEqual(['inventory.stock-reserved', 'inventory.stock-released']);
    expect(await outcomes('502')).toEqual(['inventory.stock-reserved']);
    expect(await level(lastOne)).toEqual({ inventory_count: 1, reserved_count: 1 });
  });

  it('reserves nothing for an OrderPlaced handled after its order was cancelled (a redriven dead letter)', async () => {
    const roomy = await createSku(admin, 'ROOMY', 5);
    // OrderPlaced was dead-lettered, so the cancellation arrives first and finds nothing held.
    await processBatch(pool, [orderCancelled('601')]);
    await stockConsumer(pool).redrive(orderPlaced('601', roomy));
    expect(await outcomes('601')).toEqual([]);
    expect(await level(roomy)).toEqual({ inventory_count: 5, reserved_count: 0 });
    expect((await admin.query(`SELECT count(*)::int AS n FROM inventory.reservations WHERE order_id = 601`)).rows).toEqual([{ n: 0 }]);
    // An order placed normally on the same SKU still reserves.
    await processBatch(pool, [orderPlaced('602', roomy)]);
    expect(await outcomes('602')).toEqual(['inventory.stock-reserved']);
  });

  describe('an order shipped after its reservation was released as expired', () => {
    // Reserved, then released by the safety net before the confirmation could pin it.
    const reservedThenExpired = async (orderId: string, skuId: string) => {
      await processBatch(pool, [orderPlaced(orderId, skuId)]);
      await admin.query(`UPDATE inventory.reservations SET status = 'RELEASED' WHERE order_id = $1`, [orderId]);
      await admin.query(`UPDATE inventory.skus SET reserved_count = reserved_count - 1 WHERE id = $1`, [skuId]);
    };

    it('takes the shipped units off the count, so they cannot be sold twice', async () => {
      const skuId = await createSku(admin, 'EXPIRED', 2);
      await reservedThenExpired('801', skuId);
      expect(await level(skuId)).toEqual({ inventory_count: 2, reserved_count: 0 });
      await processBatch(pool, [orderShipped('801')]);
      expect(await level(skuId)).toEqual({ inventory_count: 1, reserved_count: 0 });
      expect(await outcomes('801')).toEqual(['inventory.stock-reserved', 'inventory.stock-committed']);
      // Shipped again (a redelivery past the inbox): nothing more comes off.
      await processBatch(pool, [orderShipped('801')]);
      expect(await level(skuId)).toEqual({ inventory_count: 1, reserved_count: 0 });
    });

    it('refuses, changing nothing, when those units were reserved again meanwhile', async () => {
      const skuId = await createSku(admin, 'RESOLD', 1);
      await reservedThenExpired('811', skuId);
      await processBatch(pool, [orderPlaced('812', skuId)]);
      expect(await level(skuId)).toEqual({ inventory_count: 1, reserved_count: 1 });
      await expect(stockConsumer(pool).redrive(orderShipped('811'))).rejects.toThrow(/order 811 shipped 1 of SKU \d+, released when its reservation expired and reserved again since: restock/);
      expect(await level(skuId)).toEqual({ inventory_count: 1, reserved_count: 1 });
      expect((await admin.query(`SELECT status FROM inventory.reservations WHERE order_id = 811`)).rows).toEqual([{ status: 'RELEASED' }]);
    });
  });
});
