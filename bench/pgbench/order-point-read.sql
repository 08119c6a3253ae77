-- The raw limit of pattern 1: the order detail statement the orders service runs, straight against Postgres.
\set id random(:min_order, :max_order)
SELECT o.id, o.status, o.total_cents, json_build_object('city', a.city) AS address,
       (SELECT json_agg(json_build_object('sku_id', li.sku_id, 'quantity', li.quantity, 'unit_price_cents', li.unit_price_cents) ORDER BY li.id)
          FROM orders.order_line_items li WHERE li.order_id = o.id) AS lines
  FROM orders.orders o JOIN orders.addresses a ON a.id = o.shipping_address_id WHERE o.id = :id;
