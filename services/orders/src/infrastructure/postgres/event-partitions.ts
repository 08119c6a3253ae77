import type { Pool } from 'pg';
import type { Logger } from 'pino';

/**
 * Keeps the event log's monthly partitions in place from this month on (`orders.ensure_event_partitions`,
 * migration 0009). When events of a month with no partition had landed in the default partition, the function
 * moves them into the new partition and says so in a warning, logged here so an operator sees it.
 */
export async function keepEventPartitions(pool: Pool, log: Logger, monthsAhead = 3): Promise<number> {
  const client = await pool.connect();
  const onNotice = (notice: { message?: string }) => log.warn({ worker: 'event-partitions' }, notice.message ?? 'notice from ensure_event_partitions');
  client.on('notice', onNotice);
  try {
    const { rows } = await client.query<{ created: number }>(
      "SELECT orders.ensure_event_partitions(date_trunc('month', now())::date, $1) AS created",
      [monthsAhead],
    );
    const created = rows[0].created;
    if (created > 0) log.info({ worker: 'event-partitions', created }, 'event log partitions created');
    return created;
  } finally {
    client.off('notice', onNotice);
    client.release();
  }
}
