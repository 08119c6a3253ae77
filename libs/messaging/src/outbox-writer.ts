import { EventEnvelope, validateEnvelope } from '@shop/contracts';
import { NamedQuery, Tx, runOne, sql } from '@shop/postgres';

/**
 * Appends events to a service's outbox table in the caller's transaction. Call lockAggregate first.
 * Each event is validated against its contract before it is written, and gets the aggregate's next sequence.
 */
export class OutboxWriter {
  private readonly insert: NamedQuery<{ sequence: number }>;

  /** @param table schema-qualified outbox table, e.g. `inventory.outbox` */
  constructor(table: 'inventory.outbox' | 'payments.outbox') {
    this.insert = sql(
      `${table}.append`,
      `INSERT INTO ${table} (event_id, aggregate_type, aggregate_id, event_type, event_version, sequence, payload, traceparent)
       SELECT $1, $2, $3, $4, $5, next.sequence, jsonb_set($6::jsonb, '{sequence}', to_jsonb(next.sequence)), $7
         FROM (SELECT coalesce(max(sequence), 0) + 1 AS sequence FROM ${table}
                WHERE aggregate_type = $2 AND aggregate_id = $3) AS next
       RETURNING sequence`,
    );
  }

  async append(tx: Tx, events: EventEnvelope[]): Promise<void> {
    for (const event of events) {
      validateEnvelope({ ...event, sequence: Math.max(event.sequence, 1) });
      const row = await runOne(tx, this.insert, [
        event.eventId, event.aggregateType, event.aggregateId, event.type, event.version, JSON.stringify(event), event.traceparent ?? null,
      ]);
      event.sequence = row!.sequence;
    }
  }
}
