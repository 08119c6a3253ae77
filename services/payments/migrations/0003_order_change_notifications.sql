-- Order detail caches hear of every committed new or changed payment attempt, by its order (infra/sql/migrations/0003).
-- A trigger with transition tables takes one kind of event, hence two.
CREATE TRIGGER payments_announce_new AFTER INSERT ON payments.payments
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.announce_order_changes('order_id');
CREATE TRIGGER payments_announce_changes AFTER UPDATE ON payments.payments
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.announce_order_changes('order_id');
