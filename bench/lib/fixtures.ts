import { randomUUID } from 'node:crypto';
import { uniqueName } from '@shop/testing';
import { signJwt } from '@shop/service-kit';
import { Client } from 'pg';
import type { BenchPlatform } from './platform';
import { http } from './http';

export interface Fixtures {
  adminToken: string;
  merchantId: string;
  skuIds: string[];
  customers: { id: string; addressId: string; token: string }[];
}

async function ok(promise: Promise<{ status: number; body: any }>, what: string) {
  const response = await promise;
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Customers and SKUs created through the public API, then waited for in the orders catalog replica. */
export async function createFixtures(platform: BenchPlatform, options: { customers: number; skus: number; stock: number; merchantId?: string }): Promise<Fixtures> {
  const adminToken = signJwt({ sub: 'bench', role: 'admin' }, platform.jwtSecret, 24 * 3600);
  const merchantId = options.merchantId ?? String(100 + Math.floor(Math.random() * 10_000));
  const product = await ok(http('POST', `${platform.gateway}/v1/products`, { token: adminToken, body: { merchantId, name: 'Bench widget' } }), 'create product');
  const skuIds: string[] = [];
  for (let index = 0; index < options.skus; index++) {
    const sku = await ok(http('POST', `${platform.gateway}/v1/skus`, {
      token: adminToken, body: { productId: product.id, skuCode: `BENCH-${uniqueName()}`, priceCents: 1999, currency: 'USD', inventoryCount: options.stock },
    }), 'create sku');
    skuIds.push(sku.id);
  }
  const customers: Fixtures['customers'] = [];
  for (let index = 0; index < options.customers; index++) {
    const customer = await ok(http('POST', `${platform.gateway}/v1/customers`, { token: adminToken, body: { email: `bench-${uniqueName()}@example.com`, fullName: 'Bench Buyer' } }), 'create customer');
    const address = await ok(http('POST', `${platform.gateway}/v1/customers/${customer.id}/addresses`, {
      token: adminToken, body: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', countryCode: 'US' },
    }), 'create address');
    customers.push({ id: customer.id, addressId: address.id, token: signJwt({ sub: customer.id, role: 'customer' }, platform.jwtSecret, 24 * 3600) });
  }
  const db = new Client({ connectionString: platform.adminUrl });
  await db.connect();
  try {
    for (const deadline = Date.now() + 30_000; ; ) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM orders.catalog_skus WHERE sku_id = ANY($1::bigint[])', [skuIds]);
      if (rows[0].n === skuIds.length) break;
      if (Date.now() > deadline) throw new Error('the orders catalog replica did not receive the bench SKUs');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.end();
  }
  return { adminToken, merchantId, skuIds, customers };
}

/** One checkout request from the storefront. */
export function placeOrder(platform: BenchPlatform, fixtures: Fixtures, index: number, skuId?: string) {
  const customer = fixtures.customers[index % fixtures.customers.length];
  return http('POST', `${platform.gateway}/v1/orders`, {
    token: customer.token,
    headers: { 'idempotency-key': randomUUID() },
    body: { customerId: customer.id, shippingAddressId: customer.addressId, items: [{ skuId: skuId ?? fixtures.skuIds[index % fixtures.skuIds.length], quantity: 1 }], payment: { token: 'tok_visa' } },
  });
}
