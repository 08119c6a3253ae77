import type { SkuChangedV1 } from '@shop/contracts';
import { Queryable, Tx, run, sql } from '@shop/postgres';
import type { CatalogEntry } from '../../domain/checkout';

// Only a newer version wins, so a late or repeated SkuChanged never rolls a price back.
const UPSERT = sql(
  'orders.catalog_skus.upsert',
  `INSERT INTO orders.catalog_skus (sku_id, product_id, merchant_id, sku_code, name, price_cents, currency, version)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
   ON CONFLICT (sku_id) DO UPDATE SET product_id = EXCLUDED.product_id, merchant_id = EXCLUDED.merchant_id, sku_code = EXCLUDED.sku_code,
     name = EXCLUDED.name, price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency, version = EXCLUDED.version, updated_at = now()
   WHERE orders.catalog_skus.version < EXCLUDED.version`,
);
const FIND_MANY = sql<{ sku_id: string; merchant_id: string; sku_code: string; name: string; price_cents: string; currency: string }>(
  'orders.catalog_skus.find_many',
  `SELECT sku_id, merchant_id, sku_code, name, price_cents, currency FROM orders.catalog_skus WHERE sku_id = ANY($1::bigint[])`,
);

/** The orders service's copy of the catalog (prices and names), fed by inventory's SkuChanged events. */
export class PgCatalogReplicaRepository {
  async apply(tx: Tx, sku: SkuChangedV1): Promise<void> {
    await run(tx, UPSERT, [sku.skuId, sku.productId, sku.merchantId, sku.skuCode, sku.name, sku.priceCents, sku.currency, sku.version]);
  }

  async find(db: Queryable, skuIds: string[]): Promise<CatalogEntry[]> {
    const rows = await run(db, FIND_MANY, [skuIds]);
    return rows.map((row) => ({
      skuId: row.sku_id, merchantId: row.merchant_id, skuCode: row.sku_code, name: row.name, priceCents: BigInt(row.price_cents), currency: row.currency,
    }));
  }
}
