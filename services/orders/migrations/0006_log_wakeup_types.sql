-- The wake-up names the types appended (infra/sql/migrations/0006_log_wakeup_types.sql).
DROP TRIGGER order_events_wake_readers ON orders.order_events;
CREATE TRIGGER order_events_wake_readers AFTER INSERT ON orders.order_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.wake_log_readers_of_types();
