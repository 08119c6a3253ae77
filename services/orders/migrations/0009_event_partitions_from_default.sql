-- Events written while their month had no partition (the orders service down for longer than the months it keeps
-- ahead, or the clock jumping forward) land in order_events_default. PostgreSQL then refuses to create that
-- month's partition ("updated partition constraint for default partition would be violated"), so the old function
-- failed on that month every hour and never created the months after it: every later event went to the default
-- partition too. Now a missing month whose events sit in the default partition is created by moving them: the
-- default partition is detached (which drops its clone of the append-only trigger, so its rows can be moved, and
-- nothing else can write or read the log meanwhile), the month's rows are copied unchanged (same id, txid and
-- created_at, so no reader's position moves) and deleted from it, and it is attached again. All in the caller's
-- transaction: readers see each row in one place or the other, never both or neither.
CREATE OR REPLACE FUNCTION orders.ensure_event_partitions(from_month date, months int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
DECLARE
  month_start date;
  month_end date;
  created int := 0;
  partition_name text;
  strays bigint;
BEGIN
  -- Two orders instances keeping partitions at once would both try to create the same month.
  PERFORM pg_advisory_xact_lock(hashtext('orders.ensure_event_partitions'));
  FOR i IN 0 .. months - 1 LOOP
    month_start := (date_trunc('month', from_month) + make_interval(months => i))::date;
    month_end := (month_start + interval '1 month')::date;
    partition_name := format('order_events_%s', to_char(month_start, 'YYYY_MM'));
    CONTINUE WHEN to_regclass(format('orders.%I', partition_name)) IS NOT NULL;
    SELECT count(*) INTO strays FROM orders.order_events_default WHERE created_at >= month_start AND created_at < month_end;
    IF strays = 0 THEN
      EXECUTE format('CREATE TABLE orders.%I PARTITION OF orders.order_events FOR VALUES FROM (%L) TO (%L)',
                     partition_name, month_start, month_end);
    ELSE
      ALTER TABLE orders.order_events DETACH PARTITION orders.order_events_default;
      EXECUTE format('CREATE TABLE orders.%I PARTITION OF orders.order_events FOR VALUES FROM (%L) TO (%L)',
                     partition_name, month_start, month_end);
      EXECUTE format('INSERT INTO orders.%I OVERRIDING SYSTEM VALUE SELECT * FROM orders.order_events_default'
                     ' WHERE created_at >= %L AND created_at < %L', partition_name, month_start, month_end);
      DELETE FROM orders.order_events_default WHERE created_at >= month_start AND created_at < month_end;
      ALTER TABLE orders.order_events ATTACH PARTITION orders.order_events_default DEFAULT;
      RAISE WARNING 'moved % order events of % out of orders.order_events_default into orders.%', strays,
        to_char(month_start, 'YYYY-MM'), partition_name;
    END IF;
    created := created + 1;
  END LOOP;
  RETURN created;
END
$fn$;
REVOKE ALL ON FUNCTION orders.ensure_event_partitions(date, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION orders.ensure_event_partitions(date, int) TO orders_svc;
