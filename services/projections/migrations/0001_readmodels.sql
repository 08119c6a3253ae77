-- Read models built from the event logs only; every table here can be rebuilt by replay.
CREATE SCHEMA readmodels;
REVOKE ALL ON SCHEMA readmodels FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA readmodels TO projections_svc;

-- Pattern 4: a merchant's open orders (PENDING, CONFIRMED), oldest first. A row leaves when the order ships,
-- is delivered or is cancelled, so the table stays the size of the working set, not of the order history.
-- last_sequence is the order event applied last: an older event arriving again never moves the row back.
CREATE TABLE readmodels.fulfillment_queue (
  order_id      bigint      PRIMARY KEY,
  merchant_id   bigint      NOT NULL,
  customer_id   bigint      NOT NULL,
  status        varchar(20) NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED')),
  placed_at     timestamptz NOT NULL,
  total_cents   bigint      NOT NULL CHECK (total_cents >= 0),
  currency      char(3)     NOT NULL,
  last_sequence int         NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Keyset pages: equality on merchant, then (placed_at, order_id) in index order; no sort, no OFFSET.
CREATE INDEX fulfillment_queue_merchant_idx ON readmodels.fulfillment_queue (merchant_id, placed_at, order_id);

-- Orders that left the queue, and the sequence of the event that took them out: an OrderPlaced applied again
-- later (a redelivery past the inbox, a redriven dead letter) must not put a shipped order back in the queue.
CREATE TABLE readmodels.fulfillment_closed (
  order_id        bigint PRIMARY KEY,
  closed_sequence int    NOT NULL
);

-- Pattern 7, the facts: one row per money movement (a capture per payment, a refund per refund). The key makes
-- every movement count once, whichever event announces it: redeliveries, and the v1 and v2 PaymentCaptured
-- the payments service publishes for the same capture during v1's deprecation window.
CREATE TABLE readmodels.revenue_entries (
  kind          varchar(10) NOT NULL CHECK (kind IN ('capture', 'refund')),
  movement_id   bigint      NOT NULL,
  payment_id    bigint      NOT NULL,
  merchant_id   bigint      NOT NULL,
  day           date        NOT NULL,
  currency      char(3)     NOT NULL,
  order_delta   int         NOT NULL,
  revenue_cents bigint      NOT NULL,
  PRIMARY KEY (kind, movement_id)
);

-- Pattern 7, the answer: revenue_entries summed by merchant, UTC capture day and currency (refunds count on the
-- day of the capture they reverse). Kept in step with revenue_entries in the same statement.
CREATE TABLE readmodels.revenue_daily (
  merchant_id   bigint  NOT NULL,
  day           date    NOT NULL,
  currency      char(3) NOT NULL,
  order_count   int     NOT NULL DEFAULT 0,
  revenue_cents bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, day, currency)
);
-- Finance asks for every merchant over a window too (a sort of that window's few rows follows); the primary
-- key serves the one-merchant question. Only the day here, so the planner never prefers this index for a
-- single merchant, where the primary key seeks straight to that merchant's days.
CREATE INDEX revenue_daily_day_idx ON readmodels.revenue_daily (day);

-- Pattern 8: one row per order event (status transition or saga step), as the event recorded it.
CREATE TABLE readmodels.order_timeline (
  order_id    bigint      NOT NULL,
  sequence    int         NOT NULL,
  event_type  text        NOT NULL,
  from_status varchar(20),
  to_status   varchar(20),
  at          timestamptz NOT NULL,
  actor       text        NOT NULL,
  reason      text,
  PRIMARY KEY (order_id, sequence)
);

-- When each projection last applied an event, for asOf and lag.
CREATE TABLE readmodels.projection_state (
  projection    text        PRIMARY KEY,
  last_event_at timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The projections role owns the rebuildable tables: a rebuild (tools/projections-rebuild.ts) loads shadow
-- copies it creates itself and swaps them in by DROP and RENAME, which only an owner may do.
ALTER TABLE readmodels.fulfillment_queue OWNER TO projections_svc;
ALTER TABLE readmodels.fulfillment_closed OWNER TO projections_svc;
ALTER TABLE readmodels.revenue_entries OWNER TO projections_svc;
ALTER TABLE readmodels.revenue_daily OWNER TO projections_svc;
ALTER TABLE readmodels.order_timeline OWNER TO projections_svc;
GRANT SELECT, INSERT, UPDATE, DELETE ON readmodels.projection_state TO projections_svc;
SELECT shop_meta.create_consumer_tables('readmodels', 'projections_svc');
