import { createTestDatabase, TestDatabase } from '@shop/testing';

describe('inventory schema constraints', () => {
  let db: TestDatabase;
  let productId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    productId = (await db.pool('admin').query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'Shirt') RETURNING id`)).rows[0].id;
  });
  afterAll(() => db.drop());

  const insertSku = (code: string, values: { price?: number; inventory?: number; reserved?: number; currency?: string }) =>
    db.pool('inventory_svc').query(
      `INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count, reserved_count) VALUES ($1, $2, $3, $4, $5, $6)`,
      [productId, code, values.price ?? 100, values.currency ?? 'USD', values.inventory ?? 10, values.reserved ?? 0],
    );

  it.each([
    ['reserved above on hand', { inventory: 5, reserved: 6 }, /skus_reserved_within_stock/],
    ['negative stock', { inventory: -1 }, /check constraint/],
    ['negative reserved', { reserved: -1 }, /check constraint/],
    ['negative price', { price: -1 }, /check constraint/],
    ['bad currency code', { currency: 'US' }, /check constraint|value too long/],
  ])('refuses a SKU with %s', async (_case, values, error) => {
    await expect(insertSku(`c-${Math.random()}`, values)).rejects.toThrow(error);
  });

  it('refuses a duplicate SKU code', async () => {
    await insertSku('dup', {});
    await expect(insertSku('dup', {})).rejects.toThrow(/skus_code_key/);
  });

  it('refuses to reserve past stock even when the application forgets to check', async () => {
    await insertSku('tight', { inventory: 2 });
    await expect(db.pool('inventory_svc').query(`UPDATE inventory.skus SET reserved_count = reserved_count + 3 WHERE sku_code = 'tight'`)).rejects.toThrow(
      /skus_reserved_within_stock/,
    );
  });

  it('keeps the outbox append-only', async () => {
    await db.pool('inventory_svc').query(
      `INSERT INTO inventory.outbox (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload) VALUES (gen_random_uuid(), 'sku', '1', 't', 1, 1, '{}')`,
    );
    await expect(db.pool('admin').query(`UPDATE inventory.outbox SET sequence = 2`)).rejects.toThrow(/append-only/);
    await expect(db.pool('inventory_svc').query(`DELETE FROM inventory.outbox`)).rejects.toThrow(/permission denied|append-only/);
  });
});
