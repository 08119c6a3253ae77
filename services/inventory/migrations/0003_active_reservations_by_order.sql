-- Active reservations are looked up by order: pinned when the order is confirmed, released on cancel, committed
-- on shipping, and the sweeper reads the active ones. The partial index on sku_id served none of those lookups,
-- yet with the table's statistics behind its growth (a busy hour between two autovacuum analyses) it looked
-- tiny, and the planner scanned every active reservation to pin one batch of orders: 1.7 ms against 0.15 for
-- the unique (order_id, sku_id) index, growing with the number of confirmed orders not yet shipped. Indexed by
-- order, every candidate plan is a lookup by order.
CREATE INDEX reservations_active_order_idx ON inventory.reservations (order_id) WHERE status = 'ACTIVE';
DROP INDEX inventory.reservations_active_sku_idx;
