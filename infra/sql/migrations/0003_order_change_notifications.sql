-- Announces on commit which orders changed, for caches of order details (the gateway's; docs/INTERNAL-API.md,
-- "Database notification shop_order_changes"). A statement trigger with the transition table `changed`, whose
-- order id column is the trigger's argument: one NOTIFY per statement with the distinct order ids comma-separated,
-- or '*' (forget everything) when they would not fit in a notification's 8000 bytes. NOTIFY is transactional:
-- listeners hear of a change only once it is committed, and of every committed one.
CREATE OR REPLACE FUNCTION shop_meta.announce_order_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ids text;
BEGIN
  EXECUTE format('SELECT string_agg(DISTINCT %I::text, '','') FROM changed', TG_ARGV[0]) INTO ids;
  IF ids IS NOT NULL THEN
    PERFORM pg_notify('shop_order_changes', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END
$fn$;
