-- Readers of the order event log wait for this instead of polling (infra/sql/migrations/0002_log_wakeups.sql).
CREATE TRIGGER order_events_wake_readers AFTER INSERT ON orders.order_events
  FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.wake_log_readers();
