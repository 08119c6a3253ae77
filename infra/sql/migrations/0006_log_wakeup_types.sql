-- The wake-up names the event types the statement appended ('orders.order_events 1234 orders.order-placed,...'),
-- so a bus whose groups take none of them ignores it instead of waking its readers for a read that finds nothing
-- of theirs (libs/messaging/src/log-wakeups.ts). The log tables' triggers pass their new rows as `new_rows`
-- (each service's migration recreates its trigger with REFERENCING NEW TABLE).
CREATE OR REPLACE FUNCTION shop_meta.wake_log_readers_of_types() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify(
    'shop_event_log:' || TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
    TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || pg_current_xact_id()::text || ' '
      || coalesce((SELECT string_agg(DISTINCT event_type, ',') FROM new_rows), ''));
  RETURN NULL;
END
$fn$;
