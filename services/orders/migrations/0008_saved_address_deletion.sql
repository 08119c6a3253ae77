-- A customer may delete a saved address. The row stays (soft delete: service roles delete nothing, and a
-- deleted address is still the record of what the customer once kept), marked with when it was deleted; it can
-- no longer be changed or shipped to. Order snapshots are separate rows and are never deleted.
ALTER TABLE orders.addresses ADD COLUMN deleted_at timestamptz;
ALTER TABLE orders.addresses ADD CONSTRAINT addresses_snapshot_not_deleted CHECK (NOT is_snapshot OR deleted_at IS NULL);
