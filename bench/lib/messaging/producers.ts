import { EventEnvelope } from '@shop/contracts';
import { OutboxWriter, aggregateKey, lockAggregates } from '@shop/messaging';
import { withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';

export interface ProduceOptions {
  total: number;
  producers: number;
  perTx: number;
  /** Offered events per second; flat out when absent. */
  ratePerSecond?: number;
  /** Makes the events of one transaction (same aggregate, as one state change usually emits). */
  makeEvents: (count: number) => EventEnvelope[];
  onCommit: (eventIds: string[], at: number) => void;
}

/**
 * Concurrent producers as the services write: each transaction locks its aggregate, appends through the real
 * OutboxWriter and commits; the commit time is stamped right after COMMIT returns. Paced mode follows a global
 * schedule (event i is due at start + i/rate) so a slow transaction does not lower the offered load.
 */
export async function produce(pool: Pool, options: ProduceOptions): Promise<void> {
  const writer = new OutboxWriter('inventory.outbox');
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.producers }, async () => {
      for (;;) {
        const first = next;
        const count = Math.min(options.perTx, options.total - first);
        if (count <= 0) return;
        next += count;
        if (options.ratePerSecond) {
          const wait = started + (first * 1000) / options.ratePerSecond - performance.now();
          if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const events = options.makeEvents(count);
        await withTransaction(pool, async (tx) => {
          await lockAggregates(tx, [...new Set(events.map((event) => aggregateKey(event.aggregateType, event.aggregateId)))]);
          await writer.append(tx, events);
        });
        options.onCommit(events.map((event) => event.eventId), Date.now());
      }
    }),
  );
}
