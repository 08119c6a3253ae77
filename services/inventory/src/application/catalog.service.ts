import { SkuChangedV1Contract, newEvent } from '@shop/contracts';
import { OutboxWriter, aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import { MAX_STOCK, problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { PgCatalogRepository, ProductRow, SkuRow } from '../infrastructure/postgres/pg-catalog.repository';

export interface RequestContext {
  requestId: string;
  traceparent?: string;
}

export function productView(row: ProductRow) {
  return { id: row.id, merchantId: row.merchant_id, name: row.name, description: row.description, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export function skuView(row: SkuRow) {
  return {
    id: row.id,
    productId: row.product_id,
    merchantId: row.merchant_id,
    skuCode: row.sku_code,
    attributes: row.attributes,
    priceCents: Number(row.price_cents),
    currency: row.currency,
    inventoryCount: row.inventory_count,
    reservedCount: row.reserved_count,
    available: row.inventory_count - row.reserved_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function skuChanged(row: SkuRow, context: RequestContext) {
  return newEvent(SkuChangedV1Contract, row.id, {
    skuId: row.id,
    productId: row.product_id,
    merchantId: row.merchant_id,
    skuCode: row.sku_code,
    name: row.product_name,
    priceCents: Number(row.price_cents),
    currency: row.currency,
    version: Number(row.version),
  }, { correlationId: context.requestId, causationId: context.requestId, ...(context.traceparent ? { traceparent: context.traceparent } : {}) });
}

/** Catalog use cases: products, SKUs, price changes and restocks. Price changes are published for the orders replica. */
export class CatalogService {
  private readonly repository = new PgCatalogRepository();
  private readonly outbox = new OutboxWriter('inventory.outbox');

  constructor(private readonly pool: Pool) {}

  async createProduct(input: { merchantId: string; name: string; description?: string | null }) {
    return productView((await this.repository.insertProduct(this.pool, input.merchantId, input.name, input.description ?? null))!);
  }

  async createSku(input: { productId: string; skuCode: string; attributes?: Record<string, unknown>; priceCents: number; currency: string; inventoryCount: number }, context: RequestContext) {
    const product = await this.repository.findProduct(this.pool, input.productId);
    if (!product) throw problems.validation([{ field: 'productId', message: `product ${input.productId} does not exist` }]);
    try {
      return await withTransaction(this.pool, async (tx) => {
        const row = (await this.repository.insertSku(tx, { ...input, attributes: input.attributes ?? {}, priceCents: BigInt(input.priceCents) }))!;
        await this.outbox.append(tx, [skuChanged(row, context)]);
        return skuView(row);
      });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'skus_code_key') throw problems.conflict(`SKU code ${input.skuCode} already exists`, 'duplicate-sku-code');
      throw error;
    }
  }

  async changePrice(id: string, priceCents: number, context: RequestContext) {
    return withTransaction(this.pool, async (tx) => {
      await lockAggregates(tx, [aggregateKey('sku', id)]);
      const row = await this.repository.updatePrice(tx, id, BigInt(priceCents));
      if (!row) throw problems.notFound(`SKU ${id}`);
      await this.outbox.append(tx, [skuChanged(row, context)]);
      return skuView(row);
    });
  }

  async restock(id: string, quantity: number) {
    const row = await this.repository.restock(this.pool, id, quantity, MAX_STOCK);
    if (row) return skuView(row);
    const sku = await this.repository.findSku(this.pool, id);
    if (!sku) throw problems.notFound(`SKU ${id}`);
    throw problems.conflict(`restocking ${quantity} would take SKU ${id} to ${sku.inventory_count + quantity} units on hand, over the limit of ${MAX_STOCK}`, 'stock-limit');
  }

  async getSku(id: string) {
    const row = await this.repository.findSku(this.pool, id);
    if (!row) throw problems.notFound(`SKU ${id}`);
    return skuView(row);
  }

  async availability(id: string) {
    const row = await this.repository.availability(this.pool, id);
    if (!row) throw problems.notFound(`SKU ${id}`);
    return { skuId: row.id, available: row.inventory_count - row.reserved_count, inventoryCount: row.inventory_count, reservedCount: row.reserved_count };
  }
}
