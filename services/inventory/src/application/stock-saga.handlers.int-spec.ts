import { OrderCancelledV1Contract, OrderPlacedV1Contract, OrderShippedV1Contract, newEvent } from '@shop/contracts';
import { BatchProcessor, ConsumerStore } from '@shop/messaging';
import { TestDatabase, createTestDatabase } from '@shop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { stockSagaSubscriptions } from './stock-saga.handlers';

// Inventory's saga handlers in one consumer batch, on a real database, as the bus hands them events.
describe('stock saga handlers in one batch', () => {
  let db: TestDatabase;
  let pool: Pool;
  let skuId: string;
  let group = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool('inventory_svc');
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Last one')`);
    skuId = (await admin.query(`INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, 'LAST', 100, 'USD', 1 FROM inventory.products RETURNING id::text`)).rows[0].id;
  });
  afterAll(() => db.drop());

  const context = { correlationId: 'test', causationId: 'test' };
  const placed = (orderId: string, sku = skuId) => ({
    ...newEvent(OrderPlacedV1Contract, orderId, {
      orderId, merchantId: '1', actor: 'test', fromStatus: null, toStatus: 'PENDING', reason: null, customerId: '1', currency: 'USD',
      subtotalCents: 100, taxCents: 0, shippingCents: 0, totalCents: 100, lines: [{ skuId: sku, quantity: 1, unitPriceCents: 100 }],
      placedAt: new Date().toISOString(), reserveUntil: new Date(Date.now() + 60_000).toISOString(),
    }, context),
    sequence: 1,
  });
  const cancelled = (orderId: string) => ({
    ...newEvent(OrderCancelledV1Contract, orderId, { orderId, merchantId: '1', actor: 'test', fromStatus: 'PENDING', toStatus: 'CANCELLED', reason: 'changed mind', refundRequired: false }, context),
    sequence: 3,
  });
  const processBatch = (events: unknown[]) =>
    new BatchProcessor<number>({
      group: `stock-${++group}`, source: 'test', pool, store: new ConsumerStore('inventory'), log: pino({ level: 'silent' }),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: stockSagaSubscriptions(),
    }).process(events.map((raw, position) => ({ raw, position })));
  const outcomes = async (orderId: string) =>
    (await db.pool('admin').query(`SELECT event_type FROM inventory.outbox WHERE aggregate_id = $1 ORDER BY id`, [orderId])).rows.map((row) => row.event_type);

  it('reserves for an order placed after a cancellation in the same batch with the units that cancellation returned', async () => {
    await processBatch([placed('501')]);
    expect(await outcomes('501')).toEqual(['inventory.stock-reserved']);
    // The last unit comes back with 501's cancellation; 502, later in the same batch, gets it.
    await processBatch([cancelled('501'), placed('502')]);
    expect(await outcomes('501')).toEqual(['inventory.stock-reserved', 'inventory.stock-released']);
    expect(await outcomes('502')).toEqual(['inventory.stock-reserved']);
    const level = await db.pool('admin').query(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [skuId]);
    expect(level.rows).toEqual([{ inventory_count: 1, reserved_count: 1 }]);
  });

  it('reserves nothing for an OrderPlaced handled after its order was cancelled (a redriven dead letter)', async () => {
    const admin = db.pool('admin');
    const roomy = (await admin.query(`INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, 'ROOMY', 100, 'USD', 5 FROM inventory.products RETURNING id::text`)).rows[0].id;
    // OrderPlaced was dead-lettered, so the cancellation arrives first and finds nothing held.
    await processBatch([cancelled('601')]);
    const processor = new BatchProcessor<number>({
      group: 'stock-redrive', source: 'test', pool, store: new ConsumerStore('inventory'), log: pino({ level: 'silent' }),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: stockSagaSubscriptions(),
    });
    await processor.redrive(placed('601', roomy));
    expect(await outcomes('601')).toEqual([]);
    const level = await admin.query(`SELECT reserved_count FROM inventory.skus WHERE id = $1`, [roomy]);
    expect(level.rows).toEqual([{ reserved_count: 0 }]);
    expect((await admin.query(`SELECT count(*)::int AS n FROM inventory.reservations WHERE order_id = 601`)).rows).toEqual([{ n: 0 }]);
    // An order placed normally on the same SKU still reserves.
    await processBatch([placed('602', roomy)]);
    expect(await outcomes('602')).toEqual(['inventory.stock-reserved']);
  });

  describe('an order shipped after its reservation was released as expired', () => {
    const shipped = (orderId: string) => ({
      ...newEvent(OrderShippedV1Contract, orderId, { orderId, merchantId: '1', actor: 'fulfillment:test', fromStatus: 'CONFIRMED', toStatus: 'SHIPPED', reason: null }, context),
      sequence: 6,
    });
    const sku = async (code: string, stock: number) =>
      (await db.pool('admin').query(`INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count) SELECT id, $1, 100, 'USD', $2 FROM inventory.products LIMIT 1 RETURNING id::text`, [code, stock])).rows[0].id as string;
    const level = async (id: string) => (await db.pool('admin').query(`SELECT inventory_count, reserved_count FROM inventory.skus WHERE id = $1`, [id])).rows[0];
    // Reserved, then released by the safety net before the confirmation could pin it.
    const reservedThenExpired = async (orderId: string, id: string) => {
      await processBatch([placed(orderId, id)]);
      await db.pool('admin').query(`UPDATE inventory.reservations SET status = 'RELEASED' WHERE order_id = $1`, [orderId]);
      await db.pool('admin').query(`UPDATE inventory.skus SET reserved_count = reserved_count - 1 WHERE id = $1`, [id]);
    };

    it('takes the shipped units off the count, so they cannot be sold twice', async () => {
      const id = await sku('EXPIRED', 2);
      await reservedThenExpired('801', id);
      expect(await level(id)).toEqual({ inventory_count: 2, reserved_count: 0 });
      await processBatch([shipped('801')]);
      expect(await level(id)).toEqual({ inventory_count: 1, reserved_count: 0 });
      expect(await outcomes('801')).toEqual(['inventory.stock-reserved', 'inventory.stock-committed']);
      // Shipped again (a redelivery past the inbox): nothing more comes off.
      await processBatch([shipped('801')]);
      expect(await level(id)).toEqual({ inventory_count: 1, reserved_count: 0 });
    });

    it('refuses, changing nothing, when those units were reserved again meanwhile', async () => {
      const id = await sku('RESOLD', 1);
      await reservedThenExpired('811', id);
      await processBatch([placed('812', id)]);
      expect(await level(id)).toEqual({ inventory_count: 1, reserved_count: 1 });
      const processor = new BatchProcessor<number>({
        group: 'stock-ship', source: 'test', pool, store: new ConsumerStore('inventory'), log: pino({ level: 'silent' }),
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, subscriptions: stockSagaSubscriptions(),
      });
      await expect(processor.redrive(shipped('811'))).rejects.toThrow(/order 811 shipped 1 of SKU \d+, released when its reservation expired and reserved again since: restock/);
      expect(await level(id)).toEqual({ inventory_count: 1, reserved_count: 1 });
      expect((await db.pool('admin').query(`SELECT status FROM inventory.reservations WHERE order_id = 811`)).rows).toEqual([{ status: 'RELEASED' }]);
    });
  });
});
