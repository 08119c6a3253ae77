/**
 * The platform's invariants as read-only SQL: each query returns the rows that violate it (empty = holds).
 * `$1` is the grace period in seconds for work that is legitimately in flight (a refund just requested, an
 * event committed a moment ago).
 */
export interface InvariantCheck {
  name: string;
  description: string;
  sql: string;
}

export const INVARIANT_CHECKS: InvariantCheck[] = [
  {
    name: 'stock-within-bounds',
    description: 'no SKU has reserved above on hand, or a negative count',
    sql: `SELECT id AS sku_id, inventory_count, reserved_count FROM inventory.skus
           WHERE reserved_count > inventory_count OR reserved_count < 0 OR inventory_count < 0`,
  },
  {
    name: 'reserved-equals-active-reservations',
    description: 'reserved_count equals the sum of ACTIVE reservations',
    sql: `SELECT s.id AS sku_id, s.reserved_count, coalesce(r.units, 0) AS active_units FROM inventory.skus s
           LEFT JOIN (SELECT sku_id, sum(quantity) AS units FROM inventory.reservations WHERE status = 'ACTIVE' GROUP BY sku_id) r ON r.sku_id = s.id
           WHERE s.reserved_count <> coalesce(r.units, 0)`,
  },
  {
    name: 'confirmed-orders-captured-once',
    description: 'every CONFIRMED, SHIPPED or DELIVERED order has exactly one net capture equal to its total, in its currency',
    sql: `SELECT o.id AS order_id, o.status, o.total_cents, o.currency, coalesce(p.captures, 0) AS captures, p.captured_cents, p.currencies FROM orders.orders o
           LEFT JOIN (SELECT order_id, count(*) AS captures, sum(amount_cents) AS captured_cents, array_agg(DISTINCT currency) AS currencies
                        FROM payments.payments WHERE status = 'CAPTURED' GROUP BY order_id) p
             ON p.order_id = o.id
           WHERE o.status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') AND o.updated_at < now() - make_interval(secs => $1)
             AND (coalesce(p.captures, 0) <> 1 OR p.captured_cents <> o.total_cents OR p.currencies <> ARRAY[o.currency]::bpchar[])`,
  },
  {
    name: 'confirmed-orders-hold-stock',
    description: 'every CONFIRMED order still holds its stock until it ships: an active reservation of each line, for its quantity',
    sql: `SELECT o.id AS order_id, o.status, count(*) AS lines, count(*) FILTER (WHERE r.id IS NULL) AS lines_without_stock FROM orders.orders o
           LEFT JOIN orders.order_line_items li ON li.order_id = o.id
           LEFT JOIN inventory.reservations r ON r.order_id = o.id AND r.sku_id = li.sku_id AND r.quantity = li.quantity AND r.status = 'ACTIVE'
           WHERE o.status = 'CONFIRMED' AND o.updated_at < now() - make_interval(secs => $1)
           GROUP BY o.id, o.status HAVING count(*) FILTER (WHERE r.id IS NULL) > 0`,
  },
  {
    name: 'shipped-orders-took-stock',
    description: 'every SHIPPED or DELIVERED order took its units off the stock count: a committed reservation of each line, for its quantity, none still active',
    sql: `SELECT o.id AS order_id, o.status, count(*) AS lines, count(*) FILTER (WHERE r.id IS NULL) AS lines_not_taken FROM orders.orders o
           LEFT JOIN orders.order_line_items li ON li.order_id = o.id
           LEFT JOIN inventory.reservations r ON r.order_id = o.id AND r.sku_id = li.sku_id AND r.quantity = li.quantity AND r.status = 'COMMITTED'
           WHERE o.status IN ('SHIPPED', 'DELIVERED') AND o.updated_at < now() - make_interval(secs => $1)
           GROUP BY o.id, o.status
           HAVING count(*) FILTER (WHERE r.id IS NULL) > 0
               OR EXISTS (SELECT 1 FROM inventory.reservations other WHERE other.order_id = o.id AND other.status <> 'COMMITTED')`,
  },
  {
    name: 'cancelled-orders-refunded',
    description: 'no CANCELLED order keeps a capture without a refund',
    sql: `SELECT o.id AS order_id, p.id AS payment_id, p.status FROM orders.orders o JOIN payments.payments p ON p.order_id = o.id
           WHERE o.status = 'CANCELLED' AND p.status = 'CAPTURED' AND o.cancelled_at < now() - make_interval(secs => $1)`,
  },
  {
    name: 'status-matches-latest-event',
    description: "every order's status equals the status its latest status-changing event recorded",
    sql: `SELECT o.id AS order_id, o.status, e.to_status AS logged_status FROM orders.orders o
           LEFT JOIN LATERAL (SELECT to_status FROM orders.order_events WHERE order_id = o.id AND to_status IS NOT NULL ORDER BY sequence DESC LIMIT 1) e ON true
           WHERE e.to_status IS DISTINCT FROM o.status`,
  },
  {
    name: 'event-log-sequence-complete',
    description: "each order's events are numbered 1..version without gaps or duplicates",
    sql: `SELECT o.id AS order_id, o.version, count(e.*) AS events, max(e.sequence) AS last_sequence FROM orders.orders o
           LEFT JOIN orders.order_events e ON e.order_id = o.id GROUP BY o.id, o.version
           HAVING count(e.*) <> o.version OR max(e.sequence) <> o.version OR count(DISTINCT e.sequence) <> count(e.*)`,
  },
  {
    // The log has no foreign key to orders.orders (docs/DECISIONS.md, partitioning): this is that check.
    name: 'events-belong-to-orders',
    description: 'every event in the order log names an order that exists',
    sql: `SELECT e.order_id, count(*) AS events FROM orders.order_events e
           WHERE NOT EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = e.order_id) GROUP BY e.order_id`,
  },
  {
    name: 'provider-ledger-matches-payments',
    description: "the simulated provider's ledger and the payments table agree on every charge: outcome, reference, amount and currency",
    sql: `SELECT coalesce(l.idempotency_key, p.idempotency_key) AS idempotency_key, l.status AS ledger, p.status AS payment, l.provider_ref, p.provider_ref AS recorded_ref,
                 l.amount_cents AS charged, l.currency AS charged_currency, p.amount_cents AS recorded, p.currency AS recorded_currency
            FROM (SELECT * FROM provider_sim.ledger WHERE kind = 'CHARGE') l
            FULL JOIN payments.payments p ON p.idempotency_key = l.idempotency_key
           WHERE (p.id IS NULL AND l.status = 'SUCCEEDED')
              OR (p.status IN ('CAPTURED', 'REFUNDED') AND (l.status IS DISTINCT FROM 'SUCCEEDED' OR l.provider_ref IS DISTINCT FROM p.provider_ref
                  OR l.amount_cents <> p.amount_cents OR l.currency <> p.currency))
              OR (p.status = 'FAILED' AND (l.status IS NULL OR l.status NOT IN ('DECLINED', 'CANCELLED')))
              OR (p.status = 'PENDING' AND p.updated_at < now() - make_interval(secs => $1))`,
  },
  {
    name: 'no-double-charge',
    description: 'no order was charged more than once net of refunds at the provider',
    sql: `SELECT p.order_id, count(*) FILTER (WHERE l.kind = 'CHARGE') AS charges, count(r.*) AS refunds FROM payments.payments p
            JOIN provider_sim.ledger l ON l.idempotency_key = p.idempotency_key AND l.status = 'SUCCEEDED'
            LEFT JOIN provider_sim.ledger r ON r.kind = 'REFUND' AND r.charge_ref = l.provider_ref
           GROUP BY p.order_id HAVING count(*) FILTER (WHERE l.kind = 'CHARGE') - count(r.*) > 1`,
  },
  {
    name: 'refund-ledger-matches',
    description: 'every SUCCEEDED refund is in the provider ledger with its amount and currency, each refund returns its whole capture in its currency, and no PENDING refund is stranded',
    sql: `SELECT r.id AS refund_id, r.status, l.status AS ledger, r.amount_cents AS refund, r.currency, l.amount_cents AS ledger_amount, l.currency AS ledger_currency,
                 p.amount_cents AS captured, p.currency AS captured_currency
            FROM payments.refunds r
            JOIN payments.payments p ON p.id = r.payment_id
            LEFT JOIN provider_sim.ledger l ON l.idempotency_key = r.idempotency_key
           WHERE (r.status = 'SUCCEEDED' AND (l.status IS DISTINCT FROM 'SUCCEEDED' OR l.amount_cents <> r.amount_cents OR l.currency <> r.currency))
              OR r.amount_cents <> p.amount_cents OR r.currency <> p.currency
              OR (r.status = 'PENDING' AND r.updated_at < now() - make_interval(secs => $1))`,
  },
  {
    name: 'no-stalled-saga',
    description: 'no PENDING order is left past its deadline',
    sql: `SELECT id AS order_id, saga_step, saga_deadline FROM orders.orders WHERE status = 'PENDING' AND saga_deadline < now() - make_interval(secs => $1)`,
  },
  {
    name: 'fulfillment-queue-matches-log',
    description: 'the fulfillment queue holds exactly the PENDING and CONFIRMED orders, with their status, merchant, customer, placing time and total',
    sql: `SELECT coalesce(o.id, q.order_id) AS order_id, o.status AS order_status, q.status AS queue_status,
                 o.total_cents AS order_total, q.total_cents AS queue_total, o.placed_at AS order_placed_at, q.placed_at AS queue_placed_at
            FROM (SELECT id, status, merchant_id, customer_id, placed_at, total_cents, currency, updated_at FROM orders.orders WHERE status IN ('PENDING', 'CONFIRMED')) o
            FULL JOIN readmodels.fulfillment_queue q ON q.order_id = o.id
           WHERE (o.id IS NULL OR q.order_id IS NULL OR o.status <> q.status OR o.merchant_id <> q.merchant_id OR o.customer_id <> q.customer_id
                  OR o.placed_at <> q.placed_at OR o.total_cents <> q.total_cents OR o.currency <> q.currency)
             AND coalesce(o.updated_at, q.updated_at) < now() - make_interval(secs => $1)`,
  },
  {
    name: 'revenue-matches-payments',
    description: 'revenue by merchant, day and currency equals captures minus refunds recomputed from the payments log',
    // One row per payment and per refund whatever versions were published (v1 and v2 twins during deprecation). A
    // day with a movement younger than the grace period may still be on its way into the projection: judged later.
    sql: `WITH captures AS (
            SELECT DISTINCT ON (payload->'payload'->>'paymentId')
                   (payload->'payload'->>'merchantId')::bigint AS merchant_id,
                   ((payload->'payload'->>'capturedAt')::timestamptz AT TIME ZONE 'UTC')::date AS day,
                   coalesce(payload->'payload'->'amount'->>'currency', payload->'payload'->>'currency') AS currency,
                   coalesce((payload->'payload'->'amount'->>'minorUnits')::numeric, (payload->'payload'->>'amountCents')::numeric) AS amount,
                   1 AS orders, created_at >= now() - make_interval(secs => $1) AS fresh
              FROM payments.outbox
             WHERE event_type = 'payments.payment-captured'
             ORDER BY payload->'payload'->>'paymentId', event_version DESC),
          refunds AS (
            SELECT DISTINCT ON (payload->'payload'->>'refundId')
                   (payload->'payload'->>'merchantId')::bigint, ((payload->'payload'->>'capturedAt')::timestamptz AT TIME ZONE 'UTC')::date,
                   payload->'payload'->>'currency', -(payload->'payload'->>'amountCents')::numeric, -1, created_at >= now() - make_interval(secs => $1)
              FROM payments.outbox
             WHERE event_type = 'payments.payment-refunded'
             ORDER BY payload->'payload'->>'refundId', event_version DESC),
          expected AS (SELECT merchant_id, day, currency, sum(amount) AS revenue, sum(orders) AS orders, bool_or(fresh) AS fresh
                         FROM (SELECT * FROM captures UNION ALL SELECT * FROM refunds) movements GROUP BY 1, 2, 3)
          SELECT coalesce(e.merchant_id, r.merchant_id) AS merchant_id, coalesce(e.day, r.day) AS day, e.revenue AS expected, r.revenue_cents AS projected,
                 e.orders AS expected_orders, r.order_count AS projected_orders
            FROM expected e FULL JOIN readmodels.revenue_daily r ON r.merchant_id = e.merchant_id AND r.day = e.day AND r.currency = e.currency
           WHERE NOT coalesce(e.fresh, false) AND (coalesce(e.revenue, 0) <> coalesce(r.revenue_cents, 0) OR coalesce(e.orders, 0) <> coalesce(r.order_count, 0))`,
  },
  {
    name: 'timeline-matches-log',
    description: 'the timeline projection has one entry per order event, with its type, statuses, actor and reason',
    // An event younger than the grace period may still be on its way into the projection: it is judged on a later
    // run. An entry the log does not have is wrong whenever it is seen. The newer twin of a dual-published
    // occurrence (the same type, a higher version, right after it: docs/contracts/VERSIONING.md) has no entry of its own.
    sql: `SELECT coalesce(e.order_id, t.order_id) AS order_id, coalesce(e.sequence, t.sequence) AS sequence, e.event_type, t.event_type AS entry_type,
                 e.to_status, t.to_status AS entry_to_status, e.actor, t.actor AS entry_actor
            FROM (SELECT * FROM orders.order_events n
                   WHERE NOT EXISTS (SELECT 1 FROM orders.order_events p WHERE p.order_id = n.order_id AND p.sequence = n.sequence - 1
                                        AND p.event_type = n.event_type AND p.event_version < n.event_version)) e
            FULL JOIN readmodels.order_timeline t ON t.order_id = e.order_id AND t.sequence = e.sequence
           WHERE e.order_id IS NULL
              OR (e.created_at < now() - make_interval(secs => $1)
                  AND (t.order_id IS NULL OR e.event_type <> t.event_type OR e.from_status IS DISTINCT FROM t.from_status
                       OR e.to_status IS DISTINCT FROM t.to_status OR e.actor <> t.actor OR e.reason IS DISTINCT FROM t.reason))`,
  },
  {
    name: 'no-stranded-events',
    description: 'no consumer group is behind on an event older than the grace period, and no dead letter waits',
    sql: `SELECT 'dead-letter' AS kind, consumer_group, event_type, error FROM orders.dead_letters WHERE redriven_at IS NULL
          UNION ALL SELECT 'dead-letter', consumer_group, event_type, error FROM inventory.dead_letters WHERE redriven_at IS NULL
          UNION ALL SELECT 'dead-letter', consumer_group, event_type, error FROM payments.dead_letters WHERE redriven_at IS NULL
          UNION ALL SELECT 'dead-letter', consumer_group, event_type, error FROM readmodels.dead_letters WHERE redriven_at IS NULL`,
  },
];
