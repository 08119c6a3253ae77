-- Wakes event-log readers on commit (libs/messaging/src/log-wakeups.ts) instead of having a dozen loops poll.
-- A statement-level trigger: one NOTIFY per inserting statement, and Postgres folds equal notifications of one
-- transaction into one. The payload is the table's qualified name, which is how readers name their source.
CREATE OR REPLACE FUNCTION shop_meta.wake_log_readers() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('shop_event_log', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
  RETURN NULL;
END
$fn$;
