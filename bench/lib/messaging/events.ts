import { EventEnvelope, SkuChangedV1Contract, newEvent } from '@shop/contracts';

const AGGREGATES = 1_000;

/**
 * The benchmark's events: inventory.sku-changed for 1,000 SKUs of a random id range. One transaction = one
 * aggregate's state change emitting `count` events, as the services do.
 */
export function skuEventFactory(): (count: number) => EventEnvelope[] {
  const base = BigInt(1 + Math.floor(Math.random() * 1e9)) * 10_000n;
  return (count) => {
    const skuId = String(base + BigInt(Math.floor(Math.random() * AGGREGATES)));
    return Array.from({ length: count }, () =>
      newEvent(SkuChangedV1Contract, skuId, { skuId, productId: '1', merchantId: '1', skuCode: `B-${skuId}`, name: 'bench', priceCents: 100, currency: 'EUR', version: 1 }, { correlationId: 'bench', causationId: 'bench' }),
    );
  };
}
