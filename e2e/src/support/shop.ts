import { randomUUID } from 'node:crypto';
import type { Platform } from '@shop/testing';
import { uniqueName, waitFor } from '@shop/testing';

/** Test data builders over the public API, so every scenario reads as what a storefront would do. */
export class Shop {
  readonly admin: string;

  constructor(readonly platform: Platform) {
    this.admin = platform.token('admin', 'e2e-admin');
  }

  async customer(): Promise<{ id: string; token: string; addressId: string }> {
    const created = await this.platform.request('POST', '/v1/customers', { token: this.admin, body: { email: `c-${uniqueName()}@example.com`, fullName: 'Ada Lovelace' } });
    expect(created.status).toBe(201);
    const address = await this.platform.request('POST', `/v1/customers/${created.body.id}/addresses`, {
      token: this.admin,
      body: { line1: '1 Analytical Way', city: 'London', postalCode: 'N1 1AA', countryCode: 'GB' },
    });
    expect(address.status).toBe(201);
    return { id: created.body.id, token: this.platform.token('customer', created.body.id), addressId: address.body.id };
  }

  async sku(options: { merchantId?: string; priceCents?: number; stock?: number; currency?: string } = {}): Promise<{ id: string; merchantId: string; priceCents: number }> {
    const merchantId = options.merchantId ?? String(1 + Math.floor(Math.random() * 1_000_000));
    const product = await this.platform.request('POST', '/v1/products', { token: this.admin, body: { merchantId, name: `Widget ${randomUUID().slice(0, 8)}` } });
    expect(product.status).toBe(201);
    const priceCents = options.priceCents ?? 1999;
    const sku = await this.platform.request('POST', '/v1/skus', {
      token: this.admin,
      body: { productId: product.body.id, skuCode: `SKU-${uniqueName()}`, priceCents, currency: options.currency ?? 'USD', inventoryCount: options.stock ?? 10 },
    });
    expect(sku.status).toBe(201);
    return { id: sku.body.id, merchantId, priceCents };
  }

  /** Places an order, retrying while the orders service's catalog replica has not yet seen a new SKU. */
  async placeOrder(customer: { id: string; token: string; addressId: string }, items: { skuId: string; quantity: number }[], token = 'tok_visa', key = randomUUID()) {
    const body = { customerId: customer.id, shippingAddressId: customer.addressId, items, payment: { token } };
    return waitFor('the catalog replica to know the SKUs', async () => {
      const response = await this.platform.request('POST', '/v1/orders', { token: customer.token, body, headers: { 'idempotency-key': key } });
      if (response.status === 422 && JSON.stringify(response.body).includes('does not exist')) return undefined;
      return response;
    }, 15_000, 50);
  }

  async order(orderId: string) {
    const response = await this.platform.request('GET', `/v1/orders/${orderId}`, { token: this.admin });
    expect(response.status).toBe(200);
    return response.body;
  }

  async waitForOrder(orderId: string, predicate: (order: any) => boolean, what: string, timeoutMs = 20_000) {
    return waitFor(`order ${orderId} to be ${what}`, async () => {
      const order = await this.order(orderId);
      return predicate(order) ? order : undefined;
    }, timeoutMs, 50);
  }

  waitForStatus(orderId: string, status: string, timeoutMs?: number) {
    return this.waitForOrder(orderId, (order) => order.status === status, status, timeoutMs);
  }

  /** Waits until the order's own log (its timeline) has an entry of `type`. */
  async waitForTimeline(orderId: string, token: string, type: string, timeoutMs = 20_000) {
    return waitFor(`order ${orderId} to record ${type}`, async () => {
      const response = await this.platform.request('GET', `/v1/orders/${orderId}/timeline`, { token });
      return response.status === 200 && response.body.entries.some((entry: any) => entry.type === type) ? response.body : undefined;
    }, timeoutMs, 50);
  }

  async availability(skuId: string) {
    const response = await this.platform.request('GET', `/v1/skus/${skuId}/availability`, { token: this.admin });
    expect(response.status).toBe(200);
    return response.body as { skuId: string; available: number; inventoryCount: number; reservedCount: number };
  }
}
