-- One channel per event-log table ('shop_event_log:orders.order_events'), so a commit wakes only the buses that
-- read that table. On the shared channel every commit woke every service's listening session (and its backend),
-- which on a machine where a wake-up across processes costs more than a statement was work for nobody.
-- The payload is unchanged: the table and the committing transaction's id (libs/messaging/src/log-wakeups.ts).
CREATE OR REPLACE FUNCTION shop_meta.wake_log_readers() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('shop_event_log:' || TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || pg_current_xact_id()::text);
  RETURN NULL;
END
$fn$;
