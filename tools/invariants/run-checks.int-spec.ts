import { createTestDatabase, TestDatabase } from '@shop/testing';
import { seedDatabase } from '../seed/seed-database';
import { runInvariantChecks } from './run-checks';

describe('invariant checker', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase()));
  afterEach(() => db.drop());

  const failing = async () => (await runInvariantChecks(db.adminUrl, 0)).filter((result) => result.violations > 0).map((result) => result.name);

  it('passes on an empty platform', async () => {
    expect(await failing()).toEqual([]);
  });

  it('flags reserved stock without reservations', async () => {
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO inventory.products (merchant_id, name) VALUES (1, 'p')`);
    await admin.query(`INSERT INTO inventory.skus (product_id, sku_code, price_cents, currency, inventory_count, reserved_count) SELECT id, 'x', 1, 'USD', 5, 2 FROM inventory.products`);
    expect(await failing()).toEqual(['reserved-equals-active-reservations']);
  });

  it('flags a confirmed order without a capture or reserved stock, and a status that disagrees with its log', async () => {
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('a@b.c', 'A')`);
    await admin.query(`INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) SELECT id, 'l', 'c', 'p', 'US', true FROM orders.customers`);
    await admin.query(`INSERT INTO orders.orders (customer_id, merchant_id, status, currency, subtotal_cents, total_cents, shipping_address_id, item_count, total_units, payment_token, saga_deadline, version, updated_at)
      SELECT c.id, 1, 'CONFIRMED', 'USD', 100, 100, a.id, 1, 1, 'tok_visa', now(), 1, now() - interval '1 minute' FROM orders.customers c, orders.addresses a`);
    await admin.query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, to_status, actor, payload)
      SELECT gen_random_uuid(), id, id::text, 'orders.order-placed', 1, 1, 'PENDING', 'test', '{}' FROM orders.orders`);
    expect(await failing()).toEqual(expect.arrayContaining(['confirmed-orders-captured-once', 'confirmed-orders-hold-stock', 'status-matches-latest-event', 'fulfillment-queue-matches-log']));
  });

  // Counts and memberships agreed while the contents were wrong: each read model is compared field by field.
  it.each([
    ['a queue row with another total', `UPDATE readmodels.fulfillment_queue SET total_cents = total_cents + 1 WHERE order_id = (SELECT min(order_id) FROM readmodels.fulfillment_queue)`, 'fulfillment-queue-matches-log'],
    ['a queue row with another customer', `UPDATE readmodels.fulfillment_queue SET customer_id = customer_id + 1 WHERE order_id = (SELECT min(order_id) FROM readmodels.fulfillment_queue)`, 'fulfillment-queue-matches-log'],
    ['a revenue day with another order count', `UPDATE readmodels.revenue_daily SET order_count = order_count + 5 WHERE (merchant_id, day) = (SELECT merchant_id, day FROM readmodels.revenue_daily ORDER BY 1, 2 LIMIT 1)`, 'revenue-matches-payments'],
    ['a timeline entry with another actor', `UPDATE readmodels.order_timeline SET actor = 'someone:else' WHERE (order_id, sequence) = (SELECT order_id, sequence FROM readmodels.order_timeline ORDER BY 1, 2 LIMIT 1)`, 'timeline-matches-log'],
    ['a timeline entry with another status', `UPDATE readmodels.order_timeline SET to_status = 'DELIVERED' WHERE (order_id, sequence) = (SELECT order_id, sequence FROM readmodels.order_timeline WHERE to_status = 'PENDING' ORDER BY 1, 2 LIMIT 1)`, 'timeline-matches-log'],
  ])('flags %s in a seeded platform', async (_what, tamper, check) => {
    await seedDatabase(db.adminUrl, { orders: 60, seed: 3 });
    expect(await failing()).toEqual([]);
    expect((await db.pool('admin').query(tamper)).rowCount).toBe(1);
    expect(await failing()).toEqual([check]);
  });

  // Money that moved in one place and was recorded otherwise in another.
  it.each([
    ['a charge of another amount at the provider', `UPDATE provider_sim.ledger SET amount_cents = amount_cents * 10 WHERE kind = 'CHARGE' AND idempotency_key = (SELECT min(idempotency_key) FROM payments.payments WHERE status = 'CAPTURED')`, ['provider-ledger-matches-payments']],
    ['a charge in another currency at the provider', `UPDATE provider_sim.ledger SET currency = 'KWD' WHERE kind = 'CHARGE' AND idempotency_key = (SELECT min(idempotency_key) FROM payments.payments WHERE status = 'CAPTURED')`, ['provider-ledger-matches-payments']],
    ['a refund of one minor unit at the provider', `UPDATE provider_sim.ledger SET amount_cents = 1 WHERE idempotency_key = (SELECT min(idempotency_key) FROM payments.refunds WHERE status = 'SUCCEEDED')`, ['refund-ledger-matches']],
    ['a refund recorded short of its capture', `UPDATE payments.refunds SET amount_cents = 1 WHERE id = (SELECT min(id) FROM payments.refunds)`, ['refund-ledger-matches']],
    ['a capture recorded in another currency than its order', `UPDATE payments.payments SET currency = 'JPY' WHERE id = (SELECT min(p.id) FROM payments.payments p JOIN orders.orders o ON o.id = p.order_id WHERE p.status = 'CAPTURED' AND o.status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') AND o.currency <> 'JPY')`, ['confirmed-orders-captured-once', 'provider-ledger-matches-payments']],
  ])('flags %s in a seeded platform', async (_what, tamper, checks) => {
    await seedDatabase(db.adminUrl, { orders: 60, seed: 3 });
    expect(await failing()).toEqual([]);
    expect((await db.pool('admin').query(tamper)).rowCount).toBe(1);
    expect((await failing()).filter((name) => name !== 'revenue-matches-payments')).toEqual(checks);
  });

  it("judges the groups' positions in Postgres on the embedded bus, and only the relay's when the groups read Kafka", async () => {
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, to_status, actor, payload, created_at)
      VALUES (gen_random_uuid(), 1, '1', 'orders.order-placed', 1, 1, 'PENDING', 'test', '{}', now() - interval '1 hour')`);
    // A group's position left behind (the embedded bus before a switch to Kafka, or a rebuild), behind an old event.
    await admin.query(`INSERT INTO inventory.consumer_checkpoints (consumer_group, source) VALUES ('inventory', 'orders.order_events')`);
    const stranded = async (positions: 'postgres' | 'kafka') =>
      (await runInvariantChecks(db.adminUrl, 30, undefined, undefined, positions)).find((result) => result.name === 'no-stranded-outbox-rows')!.examples;
    expect(await stranded('postgres')).toEqual([{ schema: 'inventory', group: 'inventory', source: 'orders.order_events', stranded: 1 }]);
    expect(await stranded('kafka')).toEqual([]);
    // The built-in relay keeps its position in Postgres in Kafka mode too: a relay behind is stranded either way.
    await admin.query(`INSERT INTO orders.consumer_checkpoints (consumer_group, source) VALUES ('relay:kafka', 'orders.order_events')`);
    expect(await stranded('kafka')).toEqual([{ schema: 'orders', group: 'relay:kafka', source: 'orders.order_events', stranded: 1 }]);
  });

  // Part of an order's stock gone back on sale while the rest is held: each line is checked, not the order.
  it.each([
    ['one of its lines released', `UPDATE inventory.reservations SET status = 'RELEASED' WHERE id = (SELECT min(r.id) FROM inventory.reservations r JOIN orders.orders o ON o.id = r.order_id WHERE o.status = 'CONFIRMED' AND o.item_count > 1)`, 'confirmed-orders-hold-stock'],
    ['a line holding fewer units than ordered', `UPDATE inventory.reservations SET quantity = quantity + 1 WHERE id = (SELECT min(r.id) FROM inventory.reservations r JOIN orders.orders o ON o.id = r.order_id WHERE o.status = 'CONFIRMED')`, 'confirmed-orders-hold-stock'],
    ['a shipped line committed for another quantity', `UPDATE inventory.reservations SET quantity = quantity + 1 WHERE id = (SELECT min(r.id) FROM inventory.reservations r JOIN orders.orders o ON o.id = r.order_id WHERE o.status IN ('SHIPPED', 'DELIVERED'))`, 'shipped-orders-took-stock'],
  ])('flags a confirmed or shipped order with %s', async (_what, tamper, check) => {
    await seedDatabase(db.adminUrl, { orders: 60, seed: 3 });
    const admin = db.pool('admin');
    expect((await admin.query(tamper)).rowCount).toBe(1);
    // The stock columns are kept consistent with the tampered reservation, so only the order's own check can tell.
    await admin.query(`UPDATE inventory.skus s SET reserved_count = a.held FROM (SELECT s2.id, coalesce(sum(r.quantity) FILTER (WHERE r.status = 'ACTIVE'), 0) AS held
      FROM inventory.skus s2 LEFT JOIN inventory.reservations r ON r.sku_id = s2.id GROUP BY s2.id) a WHERE a.id = s.id AND s.inventory_count >= a.held`);
    expect(await failing()).toEqual([check]);
  });

  it('flags an event whose order does not exist', async () => {
    await seedDatabase(db.adminUrl, { orders: 20, seed: 3 });
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, to_status, actor, payload)
      VALUES (gen_random_uuid(), 987654321, '987654321', 'orders.order-placed', 1, 1, 'PENDING', 'test', '{}')`);
    const result = (await runInvariantChecks(db.adminUrl, 3600)).find((check) => check.name === 'events-belong-to-orders')!;
    expect(result).toMatchObject({ violations: 1, examples: [{ order_id: '987654321', events: '1' }] });
  });

  it('flags a shipped order whose units never came off the stock count', async () => {
    await seedDatabase(db.adminUrl, { orders: 60, seed: 3 });
    expect(await failing()).toEqual([]);
    const admin = db.pool('admin');
    const { rowCount } = await admin.query(`UPDATE inventory.reservations SET status = 'RELEASED'
      WHERE order_id = (SELECT min(id) FROM orders.orders WHERE status IN ('SHIPPED', 'DELIVERED'))`);
    expect(rowCount).toBeGreaterThan(0);
    expect(await failing()).toEqual(['shipped-orders-took-stock']);
  });

  it('reads every candidate row of a column, however many there are', async () => {
    // 12,000 near misses (they fail Luhn) ahead of the one card number.
    await db.pool('admin').query(
      `INSERT INTO orders.customers (email, full_name) SELECT 'near' || n || '@example.com', 'Pay 4242 4242 4242 4241' FROM generate_series(1, 12000) AS n`,
    );
    await db.pool('admin').query(`INSERT INTO orders.customers (email, full_name) VALUES ('last@example.com', 'Pay 4242_4242_4242_4242')`);
    expect(await failing()).toEqual(['no-card-numbers-stored']);
  });

  it('flags a tab-grouped card number inside a JSON payload (stored as text, the tab is an escape)', async () => {
    await db.pool('admin').query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload)
      VALUES (gen_random_uuid(), 1, '1', 'orders.order-placed', 1, 1, 'test', jsonb_build_object('note', E'4242\t4242\t4242\t4242'))`);
    expect((await failing()).filter((name) => name === 'no-card-numbers-stored')).toEqual(['no-card-numbers-stored']);
  });

  it('flags a card number stored anywhere, e.g. in a customer name', async () => {
    await db.pool('admin').query(`INSERT INTO orders.customers (email, full_name) VALUES ('card@example.com', 'Pay 4242 4242 4242 4242')`);
    expect(await failing()).toEqual(['no-card-numbers-stored']);
  });

  it.each([
    ['no-break spaces', 'Pay 4242\u00a04242\u00a04242\u00a04242'],
    ['full-width digits', 'Pay \uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12'],
    ['line breaks in a JSON payload', '4242\n4242\n4242\n4242'],
  ])('flags a card number written with %s', async (_how, text) => {
    await db.pool('admin').query(`INSERT INTO orders.customers (email, full_name) VALUES ('wide@example.com', $1)`, [text]);
    await db.pool('admin').query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, actor, payload)
      VALUES (gen_random_uuid(), 1, '1', 'orders.order-placed', 1, 1, 'test', jsonb_build_object('note', $1::text))`, [text]);
    const hits = (await runInvariantChecks(db.adminUrl, 0)).find((result) => result.name === 'no-card-numbers-stored')?.examples;
    expect(hits).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'orders.customers', column: 'full_name' }), expect.objectContaining({ column: 'payload' })]));
  });

  it('flags a charge the payments table does not know (a double charge at the provider)', async () => {
    await db.pool('admin').query(`INSERT INTO provider_sim.ledger (idempotency_key, kind, token, amount_cents, currency, status, provider_ref) VALUES ('k', 'CHARGE', 'tok_visa', 100, 'USD', 'SUCCEEDED', 'ch_1')`);
    expect(await failing()).toEqual(['provider-ledger-matches-payments']);
  });

  it('takes a payment FAILED because its charge was cancelled at the provider, and flags a FAILED one the provider never heard of', async () => {
    const payments = db.pool('payments_svc');
    const insert = (orderId: number) => payments.query(
      `INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, provider, provider_token, correlation_id, request_event_id, status, failure_code)
       VALUES ($1, 9, 1, $2, 1500, 'USD', 'simulated', 'tok_visa', 'test', gen_random_uuid(), 'FAILED', 'cancelled before the charge')`, [orderId, `order-${orderId}-attempt-1`]);
    await insert(1);
    await db.pool('admin').query(`INSERT INTO provider_sim.ledger (idempotency_key, kind, amount_cents, currency, status, provider_ref) VALUES ('order-1-attempt-1', 'CHARGE', 1500, 'USD', 'CANCELLED', 'cx_1')`);
    expect(await failing()).toEqual([]);
    await insert(2);
    expect(await failing()).toEqual(['provider-ledger-matches-payments']);
  });

  it('judges a projection on events older than the grace period only, and flags one made up at once', async () => {
    const admin = db.pool('admin');
    await admin.query(`INSERT INTO orders.customers (email, full_name) VALUES ('fresh@b.c', 'F')`);
    await admin.query(`INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) SELECT id, 'l', 'c', 'p', 'US', true FROM orders.customers`);
    const { rows: [order] } = await admin.query(`INSERT INTO orders.orders (customer_id, merchant_id, status, currency, subtotal_cents, total_cents, shipping_address_id, item_count, total_units, payment_token, saga_deadline, version)
      SELECT c.id, 1, 'PENDING', 'USD', 100, 100, a.id, 1, 1, 'tok_visa', now() + interval '15 minutes', 1 FROM orders.customers c, orders.addresses a RETURNING id`);
    await admin.query(`INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, to_status, actor, payload)
      VALUES (gen_random_uuid(), $1::bigint, $1::text, 'orders.order-placed', 1, 1, 'PENDING', 'test', '{}')`, [order.id]);
    await admin.query(`INSERT INTO readmodels.fulfillment_queue (order_id, merchant_id, customer_id, status, placed_at, total_cents, currency, last_sequence, updated_at)
      SELECT id, merchant_id, customer_id, status, placed_at, total_cents, currency, 1, now() FROM orders.orders`);
    const failing = async (grace: number) => (await runInvariantChecks(db.adminUrl, grace)).filter((result) => result.violations > 0).map((result) => result.name);
    const timeline = (orderId: bigint) => admin.query(
      `INSERT INTO readmodels.order_timeline (order_id, sequence, event_type, to_status, at, actor) VALUES ($1, 1, 'orders.order-placed', 'PENDING', now(), 'test')`, [orderId]);
    // Just placed, and the timeline already has it: right, however fresh the event.
    await timeline(BigInt(order.id));
    expect(await failing(30)).toEqual([]);
    // Just placed, and the timeline has not caught up yet: a run with the default grace period does not hold it against it.
    await admin.query('DELETE FROM readmodels.order_timeline');
    expect(await failing(30)).toEqual([]);
    expect(await failing(0)).toEqual(['timeline-matches-log']);
    // A timeline for an order the log has never seen is wrong however fresh.
    await timeline(BigInt(order.id) + 1000n);
    expect(await failing(30)).toEqual(['timeline-matches-log']);
  });
});
