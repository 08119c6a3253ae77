import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { ServiceRole } from './service-roles';

/** Which tables each role may read. Everything not listed must be refused. */
const OWN_TABLES: Record<string, string[]> = {
  orders_svc: ['orders.orders', 'orders.customers', 'orders.order_events', 'orders.inbox', 'orders.idempotency_keys'],
  inventory_svc: ['inventory.products', 'inventory.skus', 'inventory.reservations', 'inventory.cancelled_orders', 'inventory.outbox', 'inventory.inbox'],
  payments_svc: ['payments.payments', 'payments.refunds', 'payments.outbox', 'payments.inbox'],
  projections_svc: ['readmodels.fulfillment_queue', 'readmodels.revenue_daily', 'readmodels.inbox'],
  provider_sim: ['provider_sim.ledger', 'provider_sim.transient_failures'],
  gateway_svc: [],
};
/** The published event logs other services consume (embedded mode). */
const PUBLISHED_LOGS: Record<string, string[]> = {
  orders_svc: ['inventory.outbox', 'payments.outbox'],
  inventory_svc: ['orders.order_events', 'payments.outbox'],
  payments_svc: ['orders.order_events', 'inventory.outbox'],
  projections_svc: ['orders.order_events', 'inventory.outbox', 'payments.outbox'],
  provider_sim: [],
  gateway_svc: [],
};
const ALL_TABLES = [...new Set(Object.values(OWN_TABLES).flat())];

describe('service roles: each can use only its own schema', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  const cases = Object.keys(OWN_TABLES).flatMap((role) =>
    ALL_TABLES.map((table) => ({ role, table, allowed: OWN_TABLES[role].includes(table) || PUBLISHED_LOGS[role].includes(table) })),
  );

  it.each(cases)('$role reading $table: allowed=$allowed', async ({ role, table, allowed }) => {
    const query = db.pool(role as ServiceRole).query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (allowed) await expect(query).resolves.toBeDefined();
    else await expect(query).rejects.toThrow(/permission denied/);
  });

  it.each(['inventory_svc', 'payments_svc', 'projections_svc'])('%s cannot write the order event log', async (role) => {
    await expect(
      db.pool(role as ServiceRole).query(
        `INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload)
         VALUES (gen_random_uuid(), 1, '1', 'x', 1, 1, 'x', '{}')`,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('no service role can create objects in public or take DDL rights', async () => {
    await expect(db.pool('orders_svc').query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(db.pool('inventory_svc').query('CREATE TABLE inventory.sneaky (id int)')).rejects.toThrow(/permission denied/);
  });
});
