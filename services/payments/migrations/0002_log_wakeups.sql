-- Readers of the outbox wait for this instead of polling (infra/sql/migrations/0002_log_wakeups.sql).
CREATE TRIGGER outbox_wake_readers AFTER INSERT ON payments.outbox
  FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.wake_log_readers();
