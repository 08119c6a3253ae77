-- The orders service: customers, addresses, orders with snapshots, the order event log, checkout idempotency
-- and the catalog replica it snapshots prices and names from.
CREATE SCHEMA orders;
REVOKE ALL ON SCHEMA orders FROM PUBLIC;
GRANT USAGE ON SCHEMA orders TO orders_svc;

CREATE TABLE orders.customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      varchar(255) NOT NULL,
  full_name  varchar(255) NOT NULL,
  created_at timestamptz  NOT NULL DEFAULT now(),
  updated_at timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT customers_email_key UNIQUE (email)
);

-- Saved addresses (is_snapshot = false) are mutable; checkout copies one into an immutable snapshot row.
CREATE TABLE orders.addresses (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint       REFERENCES orders.customers (id) ON DELETE SET NULL,
  line1        varchar(255) NOT NULL,
  line2        varchar(255),
  city         varchar(100) NOT NULL,
  state        varchar(100),
  postal_code  varchar(20)  NOT NULL,
  country_code char(2)      NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  is_snapshot  boolean      NOT NULL DEFAULT false,
  created_at   timestamptz  NOT NULL DEFAULT now(),
  updated_at   timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT addresses_saved_has_customer CHECK (is_snapshot OR customer_id IS NOT NULL)
);
CREATE INDEX addresses_customer_idx ON orders.addresses (customer_id) WHERE NOT is_snapshot;

-- Snapshots never change once written.
CREATE FUNCTION orders.refuse_snapshot_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.is_snapshot THEN
    RAISE EXCEPTION 'address % is an order snapshot and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER addresses_snapshot_immutable BEFORE UPDATE ON orders.addresses
  FOR EACH ROW EXECUTE FUNCTION orders.refuse_snapshot_change();

-- Replica of the inventory catalog (from its events), so checkout snapshots prices without a cross-service call.
CREATE TABLE orders.catalog_skus (
  sku_id      bigint       PRIMARY KEY,
  product_id  bigint       NOT NULL,
  merchant_id bigint       NOT NULL,
  sku_code    varchar(100) NOT NULL,
  name        varchar(255) NOT NULL,
  price_cents bigint       NOT NULL CHECK (price_cents >= 0),
  currency    char(3)      NOT NULL,
  version     bigint       NOT NULL,
  updated_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE orders.orders (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id         bigint      NOT NULL REFERENCES orders.customers (id) ON DELETE RESTRICT,
  merchant_id         bigint      NOT NULL,
  status              varchar(20) NOT NULL DEFAULT 'PENDING'
                      CHECK (status IN ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  currency            char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal_cents      bigint      NOT NULL CHECK (subtotal_cents >= 0),
  tax_cents           bigint      NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
  shipping_cents      bigint      NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
  total_cents         bigint      NOT NULL CHECK (total_cents >= 0),
  shipping_address_id bigint      NOT NULL REFERENCES orders.addresses (id) ON DELETE RESTRICT,
  item_count          int         NOT NULL CHECK (item_count > 0),
  total_units         int         NOT NULL CHECK (total_units > 0),
  -- The saga's own state: which payment attempt is current and when the reservation lapses.
  payment_attempt     int         NOT NULL DEFAULT 0,
  -- The provider token (tok_...) of the current attempt; never a card number (the gateway refuses those).
  payment_token       varchar(255) NOT NULL,
  saga_step           varchar(40) NOT NULL DEFAULT 'AWAITING_RESERVATION',
  saga_deadline       timestamptz NOT NULL,
  -- Per-aggregate sequence of the last event in orders.order_events.
  version             int         NOT NULL DEFAULT 0,
  placed_at           timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  cancelled_at        timestamptz,
  CONSTRAINT orders_total_is_sum CHECK (total_cents = subtotal_cents + tax_cents + shipping_cents),
  CONSTRAINT orders_cancelled_at_matches CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
-- Pattern 2: a customer's orders, newest first, keyset on (placed_at, id).
CREATE INDEX orders_customer_placed_idx ON orders.orders (customer_id, placed_at DESC, id DESC);
-- Active orders only (a few percent of rows): the saga's stall detector and operational queues.
CREATE INDEX orders_active_status_idx ON orders.orders (status, saga_deadline) WHERE status IN ('PENDING', 'CONFIRMED');
CREATE INDEX orders_merchant_placed_idx ON orders.orders (merchant_id, placed_at DESC);
-- The operators' dashboard: the newest orders across all customers.
CREATE INDEX orders_placed_idx ON orders.orders (placed_at DESC, id DESC);

CREATE TABLE orders.order_line_items (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id          bigint       NOT NULL REFERENCES orders.orders (id) ON DELETE RESTRICT,
  sku_id            bigint       NOT NULL,
  quantity          int          NOT NULL CHECK (quantity > 0 AND quantity <= 1000),
  unit_price_cents  bigint       NOT NULL CHECK (unit_price_cents >= 0),
  currency          char(3)      NOT NULL,
  snapshot_name     varchar(255) NOT NULL,
  snapshot_sku_code varchar(100) NOT NULL,
  CONSTRAINT order_line_items_order_sku_key UNIQUE (order_id, sku_id)
);

-- The order event log: status history, saga log, audit trail and outbox of this service in one append-only
-- table, partitioned by month. Written in the same transaction as orders.orders.status.
CREATE TABLE orders.order_events (
  id             bigint GENERATED ALWAYS AS IDENTITY,
  event_id       uuid        NOT NULL,
  order_id       bigint      NOT NULL,
  aggregate_type text        NOT NULL DEFAULT 'order',
  aggregate_id   text        NOT NULL,
  event_type     text        NOT NULL,
  event_version  int         NOT NULL,
  sequence       int         NOT NULL,
  from_status    varchar(20),
  to_status      varchar(20),
  actor          text        NOT NULL,
  reason         text,
  payload        jsonb       NOT NULL,
  traceparent    text,
  txid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  -- clock_timestamp, not now(): a consumer batch is one transaction, and each entry keeps its own moment.
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX order_events_txid_id_idx ON orders.order_events (txid, id);
CREATE INDEX order_events_order_idx ON orders.order_events (order_id, sequence);
CREATE UNIQUE INDEX order_events_event_id_idx ON orders.order_events (event_id, created_at);
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON orders.order_events
  FOR EACH ROW EXECUTE FUNCTION shop_meta.refuse_change();
CREATE TABLE orders.order_events_default PARTITION OF orders.order_events DEFAULT;

-- Creates the monthly partitions from `from_month` for `months` months; idempotent. SECURITY DEFINER so the
-- service role can keep partitions ahead of time without owning DDL rights.
CREATE FUNCTION orders.ensure_event_partitions(from_month date, months int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
DECLARE
  month_start date;
  created int := 0;
  partition_name text;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    month_start := (date_trunc('month', from_month) + make_interval(months => i))::date;
    partition_name := format('order_events_%s', to_char(month_start, 'YYYY_MM'));
    IF to_regclass(format('orders.%I', partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE orders.%I PARTITION OF orders.order_events FOR VALUES FROM (%L) TO (%L)',
                     partition_name, month_start, (month_start + interval '1 month')::date);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$fn$;
REVOKE ALL ON FUNCTION orders.ensure_event_partitions(date, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION orders.ensure_event_partitions(date, int) TO orders_svc;
SELECT orders.ensure_event_partitions((now() - interval '1 month')::date, 5);

-- Idempotency of checkout and payment-retry requests: same key + same body -> same response; kept for a bounded time.
CREATE TABLE orders.idempotency_keys (
  scope        text        NOT NULL,
  key          text        NOT NULL,
  request_hash text        NOT NULL,
  order_id     bigint      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expires_idx ON orders.idempotency_keys (expires_at);

GRANT SELECT, INSERT, UPDATE ON orders.customers, orders.addresses, orders.catalog_skus, orders.orders,
  orders.order_line_items TO orders_svc;
GRANT SELECT, INSERT, UPDATE, DELETE ON orders.idempotency_keys TO orders_svc;
GRANT SELECT, INSERT ON orders.order_events TO orders_svc;
-- Other services consume the event log (the published outbox), never the order tables themselves.
GRANT USAGE ON SCHEMA orders TO inventory_svc, payments_svc, projections_svc;
GRANT SELECT ON orders.order_events TO inventory_svc, payments_svc, projections_svc;

SELECT shop_meta.create_consumer_tables('orders', 'orders_svc');
