import { randomUUID } from 'node:crypto';
import { EventEnvelope, SkuChangedV1, SkuChangedV1Contract, newEvent } from '@shop/contracts';

/**
 * Events for the conformance suites: real contracts (inventory.sku-changed, topic shop.sku), aggregate ids that
 * differ per run so runs sharing a Kafka topic never mistake each other's events for their own.
 */

let nextAggregate = BigInt(1 + Math.floor(Math.random() * 1e9)) * 1_000_000n;

/** `count` fresh aggregate (SKU) ids, valid against the contracts' id pattern. */
export function aggregateIds(count: number): string[] {
  return Array.from({ length: count }, () => String(nextAggregate++));
}

export function skuChanged(aggregateId: string, note = 'conformance'): EventEnvelope<SkuChangedV1> {
  return newEvent(
    SkuChangedV1Contract,
    aggregateId,
    { skuId: aggregateId, productId: '1', merchantId: '1', skuCode: `SKU-${aggregateId}`, name: note, priceCents: 1_000, currency: 'EUR', version: 1 },
    { correlationId: `conformance-${aggregateId}`, causationId: 'conformance' },
  );
}

/** A message that reaches the consumer but breaks its contract (negative price): it must be dead-lettered. */
export function contractViolation(aggregateId: string): EventEnvelope {
  const event = skuChanged(aggregateId, 'violates its contract');
  return { ...event, eventId: randomUUID(), sequence: 1, payload: { ...event.payload, priceCents: -5 } };
}

/** `perAggregate` events for each aggregate, shuffled across aggregates (each aggregate's own order is kept). */
export function interleavedWork(aggregates: string[], perAggregate: number): string[] {
  const work = aggregates.flatMap((id) => Array.from({ length: perAggregate }, () => id));
  for (let index = work.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [work[index], work[other]] = [work[other], work[index]];
  }
  return work;
}
