import { Queryable, Tx, runOne, sql } from '@shop/postgres';

export interface ProductRow {
  id: string;
  merchant_id: string;
  name: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SkuRow {
  id: string;
  product_id: string;
  merchant_id: string;
  product_name: string;
  sku_code: string;
  attributes: Record<string, unknown>;
  price_cents: string;
  currency: string;
  inventory_count: number;
  reserved_count: number;
  version: string;
  created_at: Date;
  updated_at: Date;
}

const SKU_COLUMNS = `s.id, s.product_id, p.merchant_id, p.name AS product_name, s.sku_code, s.attributes, s.price_cents, s.currency,
  s.inventory_count, s.reserved_count, s.version, s.created_at, s.updated_at`;

const INSERT_PRODUCT = sql<ProductRow>(
  'inventory.products.insert',
  `INSERT INTO inventory.products (merchant_id, name, description) VALUES ($1, $2, $3) RETURNING id, merchant_id, name, description, created_at, updated_at`,
);
const FIND_PRODUCT = sql<ProductRow>('inventory.products.find', `SELECT id, merchant_id, name, description, created_at, updated_at FROM inventory.products WHERE id = $1`);
const INSERT_SKU = sql<SkuRow>(
  'inventory.skus.insert',
  `WITH inserted AS (
     INSERT INTO inventory.skus (product_id, sku_code, attributes, price_cents, currency, inventory_count)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
   SELECT ${SKU_COLUMNS} FROM inserted s JOIN inventory.products p ON p.id = s.product_id`,
);
const FIND_SKU = sql<SkuRow>('inventory.skus.find', `SELECT ${SKU_COLUMNS} FROM inventory.skus s JOIN inventory.products p ON p.id = s.product_id WHERE s.id = $1`);
const UPDATE_PRICE = sql<SkuRow>(
  'inventory.skus.update_price',
  `WITH updated AS (
     UPDATE inventory.skus SET price_cents = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *)
   SELECT ${SKU_COLUMNS} FROM updated s JOIN inventory.products p ON p.id = s.product_id`,
);
const RESTOCK = sql<SkuRow>(
  'inventory.skus.restock',
  `WITH updated AS (
     UPDATE inventory.skus SET inventory_count = inventory_count + $2, updated_at = now()
      WHERE id = $1 AND inventory_count + $2 <= $3 RETURNING *)
   SELECT ${SKU_COLUMNS} FROM updated s JOIN inventory.products p ON p.id = s.product_id`,
);
const AVAILABILITY = sql<{ id: string; inventory_count: number; reserved_count: number }>(
  'inventory.skus.availability',
  `SELECT id, inventory_count, reserved_count FROM inventory.skus WHERE id = $1`,
);

/** Products and SKUs (the catalog side of inventory). */
export class PgCatalogRepository {
  insertProduct(db: Queryable, merchantId: string, name: string, description: string | null) {
    return runOne(db, INSERT_PRODUCT, [merchantId, name, description]);
  }

  findProduct(db: Queryable, id: string) {
    return runOne(db, FIND_PRODUCT, [id]);
  }

  insertSku(tx: Tx, sku: { productId: string; skuCode: string; attributes: Record<string, unknown>; priceCents: bigint; currency: string; inventoryCount: number }) {
    return runOne(tx, INSERT_SKU, [sku.productId, sku.skuCode, JSON.stringify(sku.attributes), sku.priceCents.toString(), sku.currency, sku.inventoryCount]);
  }

  findSku(db: Queryable, id: string) {
    return runOne(db, FIND_SKU, [id]);
  }

  updatePrice(tx: Tx, id: string, priceCents: bigint) {
    return runOne(tx, UPDATE_PRICE, [id, priceCents.toString()]);
  }

  /** Undefined when the SKU does not exist or would hold more than `maxStock` units. */
  restock(db: Queryable, id: string, quantity: number, maxStock: number) {
    return runOne(db, RESTOCK, [id, quantity, maxStock]);
  }

  availability(db: Queryable, id: string) {
    return runOne(db, AVAILABILITY, [id]);
  }
}
