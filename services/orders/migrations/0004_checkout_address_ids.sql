-- Checkout places concurrent orders in one statement (pg-checkout.repository.ts) and draws each order's address
-- snapshot id up front, like its order id, so the statement can tell which address belongs to which order.
GRANT USAGE ON SEQUENCE orders.addresses_id_seq TO orders_svc;
