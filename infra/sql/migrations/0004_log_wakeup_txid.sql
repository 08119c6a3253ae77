-- The wake-up names the committing transaction as well as the table ('orders.order_events 1234'). A reader that
-- has read past every announced transaction then knows nothing is waiting and sleeps until the next announcement,
-- instead of rechecking on a timer in case rows sit behind the visibility horizon (libs/messaging/src/log-wakeups.ts).
CREATE OR REPLACE FUNCTION shop_meta.wake_log_readers() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('shop_event_log', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || pg_current_xact_id()::text);
  RETURN NULL;
END
$fn$;
