-- Order detail caches hear of every committed change to an order row (infra/sql/migrations/0003). New orders need
-- no notice: nothing can have cached them. Order lines and address snapshots never change after checkout.
CREATE TRIGGER orders_announce_changes AFTER UPDATE ON orders.orders
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shop_meta.announce_order_changes('id');
