import type { AccessFacts } from '../domain/access-policy';
import { enforce, noFacts } from './access-control';
import { GatewayContext, callContext } from './gateway-context';
import { UpstreamClient } from './upstream.client';

interface InternalSku {
  id: string;
  merchantId: string;
  [field: string]: unknown;
}

/** Customers, addresses, products and SKUs: authorised here, done by the orders and inventory services. */
export class CatalogService {
  constructor(private readonly upstream: UpstreamClient) {}

  createCustomer(context: GatewayContext) {
    return this.upstream.call('orders', { method: 'POST', path: '/internal/customers', body: context.body }, callContext(context));
  }

  async getCustomer(context: GatewayContext) {
    await this.ownCustomer(context);
    return this.upstream.call('orders', { method: 'GET', path: `/internal/customers/${context.params.id}` }, callContext(context));
  }

  async addAddress(context: GatewayContext) {
    await this.ownCustomer(context);
    return this.upstream.call(
      'orders',
      { method: 'POST', path: `/internal/customers/${context.params.id}/addresses`, body: context.body },
      callContext(context),
    );
  }

  async updateAddress(context: GatewayContext) {
    await this.ownCustomer(context);
    const { id, addressId } = context.params;
    return this.upstream.call(
      'orders',
      { method: 'PATCH', path: `/internal/customers/${id}/addresses/${addressId}`, body: context.body },
      callContext(context),
    );
  }

  async deleteAddress(context: GatewayContext): Promise<void> {
    await this.ownCustomer(context);
    const { id, addressId } = context.params;
    await this.upstream.call('orders', { method: 'DELETE', path: `/internal/customers/${id}/addresses/${addressId}` }, callContext(context));
  }

  createProduct(context: GatewayContext) {
    return this.upstream.call('inventory', { method: 'POST', path: '/internal/products', body: context.body }, callContext(context));
  }

  createSku(context: GatewayContext) {
    return this.upstream.call('inventory', { method: 'POST', path: '/internal/skus', body: context.body }, callContext(context));
  }

  async getSku(context: GatewayContext) {
    let sku: InternalSku | undefined;
    await enforce(
      context,
      {},
      async () => {
        sku = await this.fetchSku(context);
        return { sku: { merchantId: String(sku.merchantId) } };
      },
      { sku: `SKU ${context.params.id}` },
    );
    return sku ?? this.fetchSku(context);
  }

  changePrice(context: GatewayContext) {
    return this.upstream.call('inventory', { method: 'PATCH', path: `/internal/skus/${context.params.id}`, body: context.body }, callContext(context));
  }

  restock(context: GatewayContext) {
    return this.upstream.call('inventory', { method: 'POST', path: `/internal/skus/${context.params.id}/restock`, body: context.body }, callContext(context));
  }

  async availability(context: GatewayContext) {
    await enforce(context, {}, async () => ({ sku: { merchantId: String((await this.fetchSku(context)).merchantId) } }), { sku: `SKU ${context.params.id}` });
    return this.upstream.call('inventory', { method: 'GET', path: `/internal/skus/${context.params.id}/availability` }, callContext(context));
  }

  private fetchSku(context: GatewayContext): Promise<InternalSku> {
    return this.upstream.call<InternalSku>('inventory', { method: 'GET', path: `/internal/skus/${context.params.id}` }, callContext(context));
  }

  private ownCustomer(context: GatewayContext): Promise<AccessFacts> {
    return enforce(context, { pathCustomerId: context.params.id }, noFacts, { customer: `customer ${context.params.id}` });
  }
}
