-- A status change for an order whose OrderPlaced the queue has not applied yet: it happens only when that
-- OrderPlaced was dead-lettered and is redriven after the order moved on. The queue used to drop the change, so
-- the redriven OrderPlaced opened a CONFIRMED order as PENDING; the newest such change now waits here and the
-- row opens with it.
CREATE TABLE readmodels.fulfillment_early (
  order_id        bigint      PRIMARY KEY,
  status          varchar(20) NOT NULL,
  status_sequence int         NOT NULL,
  status_at       timestamptz NOT NULL
);
-- Owned like the other rebuildable tables (a rebuild swaps in its shadow copy).
ALTER TABLE readmodels.fulfillment_early OWNER TO projections_svc;
