-- Announces on commit which orders changed, for caches of order details (the gateway's; ARCHITECTURE.md,
-- "Order detail cache"). NOTIFY is transactional: listeners hear of a change only once it is committed, and of
-- every committed one. One notification per statement, with the distinct order ids comma-separated; '*' (forget
-- everything) when they would not fit in a notification's 8000 bytes. New orders need no notice: nothing can
-- have cached them. Order lines and address snapshots never change after checkout.
CREATE FUNCTION orders.notify_order_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ids text;
BEGIN
  SELECT string_agg(DISTINCT changed.id::text, ',') INTO ids FROM changed;
  IF ids IS NOT NULL THEN
    PERFORM pg_notify('shop_order_changes', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER orders_announce_changes AFTER UPDATE ON orders.orders
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION orders.notify_order_changes();
