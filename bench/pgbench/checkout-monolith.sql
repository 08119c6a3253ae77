-- The raw limit: the writes of one whole checkout (reserve, order with snapshot and lines, reservation, payment,
-- two log events, confirm) as ONE transaction, the way a monolith without a saga would do it.
\set sku random(1, :skus)
\set customer random(1, :customers)
BEGIN;
SELECT id FROM inventory.skus WHERE id = :sku FOR UPDATE;
UPDATE inventory.skus SET reserved_count = reserved_count + 1 WHERE id = :sku AND inventory_count - reserved_count >= 1;
INSERT INTO orders.addresses (customer_id, line1, city, postal_code, country_code, is_snapshot) VALUES (:customer, '1 Main St', 'Springfield', '12345', 'US', true) RETURNING id AS address_id \gset
INSERT INTO orders.orders (customer_id, merchant_id, currency, subtotal_cents, total_cents, shipping_address_id, item_count, total_units, payment_token, saga_deadline)
  VALUES (:customer, 1, 'USD', 1999, 1999, :address_id, 1, 1, 'tok_visa', now() + interval '15 minutes') RETURNING id AS order_id \gset
INSERT INTO orders.order_line_items (order_id, sku_id, quantity, unit_price_cents, currency, snapshot_name, snapshot_sku_code) VALUES (:order_id, :sku, 1, 1999, 'USD', 'Widget', 'W-1');
INSERT INTO inventory.reservations (order_id, sku_id, quantity, expires_at) VALUES (:order_id, :sku, 1, 'infinity');
INSERT INTO payments.payments (order_id, merchant_id, attempt, idempotency_key, amount_cents, currency, status, provider, provider_token, provider_ref, captured_at, correlation_id, request_event_id)
  VALUES (:order_id, 1, 1, 'raw-' || :order_id, 1999, 'USD', 'CAPTURED', 'simulated', 'tok_visa', 'ch_raw', now(), 'raw', gen_random_uuid());
INSERT INTO orders.order_events (event_id, order_id, aggregate_id, event_type, event_version, sequence, to_status, actor, payload)
  VALUES (gen_random_uuid(), :order_id, :order_id::text, 'orders.order-placed', 1, 1, 'PENDING', 'bench', '{}'),
         (gen_random_uuid(), :order_id, :order_id::text, 'orders.order-confirmed', 1, 2, 'CONFIRMED', 'bench', '{}');
UPDATE orders.orders SET status = 'CONFIRMED', version = 2, saga_step = 'DONE' WHERE id = :order_id;
COMMIT;
