-- Announces on commit the orders whose payment attempts were added or changed, for caches of order details
-- (orders/migrations/0005_order_change_notifications.sql has the orders' side and the payload format).
CREATE FUNCTION payments.notify_order_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ids text;
BEGIN
  SELECT string_agg(DISTINCT changed.order_id::text, ',') INTO ids FROM changed;
  IF ids IS NOT NULL THEN
    PERFORM pg_notify('shop_order_changes', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END
$fn$;

-- A trigger with transition tables takes one kind of event, hence two.
CREATE TRIGGER payments_announce_new AFTER INSERT ON payments.payments
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION payments.notify_order_changes();
CREATE TRIGGER payments_announce_changes AFTER UPDATE ON payments.payments
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION payments.notify_order_changes();
