import { newEvent } from './envelope';
import { SkuChangedV1Contract } from './inventory/sku-changed.v1';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
const payload = { skuId: '1', productId: '2', merchantId: '3', skuCode: 'A', name: 'A', priceCents: 100, currency: 'USD', version: 1 };

describe('newEvent', () => {
  it.each([
    ['keeps the trace of what caused it', { correlationId: 'c', causationId: 'e', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['starts a trace of its own when nothing gave one (a sweeper)', { correlationId: 'c', causationId: 'c' }, TRACEPARENT],
  ])('%s', (_what, context, traceparent) => {
    expect(newEvent(SkuChangedV1Contract, '1', payload as never, context).traceparent).toEqual(typeof traceparent === 'string' ? traceparent : expect.stringMatching(traceparent));
  });

  it('gives each trace-less event a trace of its own', () => {
    const context = { correlationId: 'c', causationId: 'c' };
    expect(newEvent(SkuChangedV1Contract, '1', payload as never, context).traceparent).not.toBe(newEvent(SkuChangedV1Contract, '1', payload as never, context).traceparent);
  });
});
