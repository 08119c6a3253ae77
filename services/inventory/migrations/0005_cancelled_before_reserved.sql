-- Orders cancelled while inventory held nothing for them. Events of one order arrive in order, except when an
-- OrderPlaced was dead-lettered and is redriven after its order's OrderCancelled: without a record of that
-- cancellation the redrive reserved stock for a cancelled order, held until its deadline. A reservation run
-- counts an order named here as decided, as it does an order with reservation rows.
CREATE TABLE inventory.cancelled_orders (
  order_id     bigint      PRIMARY KEY,
  cancelled_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON inventory.cancelled_orders TO inventory_svc;
