-- Notifications sent after the commit instead of inside it. A transaction that has called NOTIFY takes one
-- cluster-wide lock before it commits and keeps it until its commit is flushed to the WAL, so notifying commits
-- are serialised and cannot share a WAL flush. On this project's 2-core VM, 8 pgbench clients committing two
-- inserts reached ~4,000 TPS, and ~2,300 with a NOTIFY in each transaction. Most of the platform's write
-- transactions notify: every log append wakes readers, and every order or payment change tells the gateway's cache.
--
-- A session that sets `shop.defer_notify = on` (the services' pools, libs/postgres/src/pool.ts) has its triggers'
-- notifications kept in a session variable instead. set_config is transactional: a rollback, or a rolled-back
-- savepoint, takes its notifications back with it. The session sends them with shop_meta.flush_notifications()
-- in the same round trip as its COMMIT ("COMMIT; CALL ..."). The CALL runs in a transaction of its own that
-- writes nothing, so it holds the lock only for a moment. Sessions that do not opt in (tools, tests, psql)
-- notify inside their transactions as before.
CREATE OR REPLACE FUNCTION shop_meta.notify_or_defer(channel text, payload text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('shop.defer_notify', true) = 'on' THEN
    PERFORM set_config('shop.deferred_notifications',
                       coalesce(current_setting('shop.deferred_notifications', true), '') || channel || E'\t' || payload || E'\n', false);
  ELSE
    PERFORM pg_notify(channel, payload);
  END IF;
END
$fn$;

-- Sends this session's deferred notifications (each distinct one once) and forgets them. Call it outside a
-- transaction block, right after a COMMIT. It never fails the caller: a notification it cannot send costs a
-- reader at most its idle wait (LogWakeups) and is reported as a warning.
CREATE OR REPLACE PROCEDURE shop_meta.flush_notifications() LANGUAGE plpgsql AS $fn$
DECLARE
  pending text := current_setting('shop.deferred_notifications', true);
  entry text;
BEGIN
  IF pending IS NULL OR pending = '' THEN
    RETURN;
  END IF;
  PERFORM set_config('shop.deferred_notifications', '', false);
  BEGIN
    FOR entry IN SELECT DISTINCT line FROM unnest(string_to_array(pending, E'\n')) AS line WHERE line <> '' LOOP
      PERFORM pg_notify(split_part(entry, E'\t', 1), split_part(entry, E'\t', 2));
    END LOOP;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'deferred notifications not sent: %', SQLERRM;
  END;
END
$fn$;
-- Every service role calls these (the triggers run as the writing role); the schema's table-building helpers
-- stay the migrations' own.
GRANT USAGE ON SCHEMA shop_meta TO PUBLIC;
REVOKE EXECUTE ON FUNCTION shop_meta.create_consumer_tables(text, text), shop_meta.create_outbox_table(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shop_meta.notify_or_defer(text, text) TO PUBLIC;
GRANT EXECUTE ON PROCEDURE shop_meta.flush_notifications() TO PUBLIC;

CREATE OR REPLACE FUNCTION shop_meta.wake_log_readers() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM shop_meta.notify_or_defer('shop_event_log', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION shop_meta.announce_order_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ids text;
BEGIN
  EXECUTE format('SELECT string_agg(DISTINCT %I::text, '','') FROM changed', TG_ARGV[0]) INTO ids;
  IF ids IS NOT NULL THEN
    PERFORM shop_meta.notify_or_defer('shop_order_changes', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END
$fn$;
