-- Checkout draws the order id before its single write statement (pg-checkout.repository.ts), so OrderPlaced
-- can be built and validated first; the insert then supplies it with OVERRIDING SYSTEM VALUE.
GRANT USAGE ON SEQUENCE orders.orders_id_seq TO orders_svc;
