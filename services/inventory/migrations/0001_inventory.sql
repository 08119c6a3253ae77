-- The inventory service: the catalog (products, SKUs with prices) and stock with reservations.
CREATE SCHEMA inventory;
REVOKE ALL ON SCHEMA inventory FROM PUBLIC;
GRANT USAGE ON SCHEMA inventory TO inventory_svc;

CREATE TABLE inventory.products (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merchant_id bigint       NOT NULL,
  name        varchar(255) NOT NULL,
  description text,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  updated_at  timestamptz  NOT NULL DEFAULT now()
);

-- reserved_count never exceeds inventory_count: the last line of defence against overselling.
CREATE TABLE inventory.skus (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id      bigint       NOT NULL REFERENCES inventory.products (id) ON DELETE RESTRICT,
  sku_code        varchar(100) NOT NULL,
  attributes      jsonb        NOT NULL DEFAULT '{}',
  price_cents     bigint       NOT NULL CHECK (price_cents >= 0),
  currency        char(3)      NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  inventory_count int          NOT NULL DEFAULT 0 CHECK (inventory_count >= 0),
  reserved_count  int          NOT NULL DEFAULT 0 CHECK (reserved_count >= 0),
  version         bigint       NOT NULL DEFAULT 1,
  created_at      timestamptz  NOT NULL DEFAULT now(),
  updated_at      timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT skus_reserved_within_stock CHECK (reserved_count <= inventory_count),
  CONSTRAINT skus_code_key UNIQUE (sku_code)
);
CREATE INDEX skus_product_idx ON inventory.skus (product_id);

-- One row per order line held; ACTIVE rows sum to skus.reserved_count.
CREATE TABLE inventory.reservations (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id   bigint      NOT NULL,
  sku_id     bigint      NOT NULL REFERENCES inventory.skus (id) ON DELETE RESTRICT,
  quantity   int         NOT NULL CHECK (quantity > 0),
  status     varchar(12) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RELEASED', 'COMMITTED')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reservations_order_sku_key UNIQUE (order_id, sku_id)
);
CREATE INDEX reservations_active_sku_idx ON inventory.reservations (sku_id) WHERE status = 'ACTIVE';

GRANT SELECT, INSERT, UPDATE ON inventory.products, inventory.skus, inventory.reservations TO inventory_svc;
SELECT shop_meta.create_outbox_table('inventory', 'inventory_svc');
SELECT shop_meta.create_consumer_tables('inventory', 'inventory_svc');
GRANT USAGE ON SCHEMA inventory TO orders_svc, payments_svc, projections_svc;
GRANT SELECT ON inventory.outbox TO orders_svc, payments_svc, projections_svc;
