-- Read models built from the event logs only; every table here can be rebuilt by replay.
CREATE SCHEMA readmodels;
REVOKE ALL ON SCHEMA readmodels FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA readmodels TO projections_svc;

-- Pattern 4: a merchant's open orders, oldest first.
CREATE TABLE readmodels.fulfillment_queue (
  order_id    bigint      PRIMARY KEY,
  merchant_id bigint      NOT NULL,
  customer_id bigint      NOT NULL,
  status      varchar(20) NOT NULL,
  placed_at   timestamptz NOT NULL,
  total_cents bigint      NOT NULL,
  currency    char(3)     NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fulfillment_queue_merchant_idx ON readmodels.fulfillment_queue (merchant_id, placed_at, order_id);

-- Pattern 7: captured minus refunded, by merchant, UTC capture day and currency.
CREATE TABLE readmodels.revenue_daily (
  merchant_id   bigint  NOT NULL,
  day           date    NOT NULL,
  currency      char(3) NOT NULL,
  order_count   int     NOT NULL DEFAULT 0,
  revenue_cents bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, day, currency)
);

-- Pattern 8: one row per status transition or saga step of an order.
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

GRANT SELECT, INSERT, UPDATE, DELETE ON readmodels.fulfillment_queue, readmodels.revenue_daily,
  readmodels.order_timeline, readmodels.projection_state TO projections_svc;
SELECT shop_meta.create_consumer_tables('readmodels', 'projections_svc');
