-- The expiry sweeper asks every few seconds for the active reservations past their deadline. Found through the
-- index by order, it read every active reservation to return none: most are pinned (confirmed orders held until
-- shipping, `expires_at = 'infinity'`), so the scan grew with the orders confirmed and not yet shipped. This index
-- holds only the reservations that can still expire, by deadline: a pin takes its rows out of it, and the sweeper
-- reads just the expired ones. A pin's update was not HOT before either in practice (it changes a row of a page
-- filled by inserts); each reservation now costs one more index entry while it waits for payment.
CREATE INDEX reservations_expiring_idx ON inventory.reservations (expires_at)
  WHERE status = 'ACTIVE' AND expires_at < 'infinity';
