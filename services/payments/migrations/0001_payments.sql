-- The payments service: one row per payment attempt (an order has many), refunds, and the outbox.
CREATE SCHEMA payments;
REVOKE ALL ON SCHEMA payments FROM PUBLIC;
GRANT USAGE ON SCHEMA payments TO payments_svc;

-- idempotency_key is unique: a retried capture can never create a second charge.
CREATE TABLE payments.payments (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id        bigint       NOT NULL,
  merchant_id     bigint       NOT NULL,
  attempt         int          NOT NULL CHECK (attempt > 0),
  idempotency_key varchar(255) NOT NULL,
  amount_cents    bigint       NOT NULL CHECK (amount_cents > 0),
  currency        char(3)      NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status          varchar(20)  NOT NULL DEFAULT 'PENDING'
                  CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED')),
  provider        varchar(50)  NOT NULL,
  provider_token  varchar(255) NOT NULL,
  provider_ref    varchar(255),
  failure_code    varchar(100),
  captured_at     timestamptz,
  -- Where the request came from, so the capture (after commit, or by the reconciler) continues its saga's
  -- correlation and trace.
  correlation_id  varchar(200) NOT NULL,
  request_event_id uuid        NOT NULL,
  traceparent     varchar(60),
  created_at      timestamptz  NOT NULL DEFAULT now(),
  updated_at      timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT payments_idempotency_key UNIQUE (idempotency_key),
  CONSTRAINT payments_order_attempt_key UNIQUE (order_id, attempt)
);
-- Unfinished attempts, for the reconciler that asks the provider after a crash.
CREATE INDEX payments_pending_idx ON payments.payments (updated_at) WHERE status = 'PENDING';

CREATE TABLE payments.refunds (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id      bigint       NOT NULL REFERENCES payments.payments (id) ON DELETE RESTRICT,
  order_id        bigint       NOT NULL,
  amount_cents    bigint       NOT NULL CHECK (amount_cents > 0),
  currency        char(3)      NOT NULL,
  idempotency_key varchar(255) NOT NULL UNIQUE,
  status          varchar(20)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
  provider_ref    varchar(255),
  reason          text,
  created_at      timestamptz  NOT NULL DEFAULT now(),
  updated_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON payments.refunds (payment_id);
CREATE INDEX refunds_pending_idx ON payments.refunds (updated_at) WHERE status = 'PENDING';

-- Orders this service learned were cancelled: a capture that completes afterwards is refunded at once.
CREATE TABLE payments.cancelled_orders (
  order_id     bigint      PRIMARY KEY,
  cancelled_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON payments.payments, payments.refunds, payments.cancelled_orders TO payments_svc;
SELECT shop_meta.create_outbox_table('payments', 'payments_svc');
SELECT shop_meta.create_consumer_tables('payments', 'payments_svc');
GRANT USAGE ON SCHEMA payments TO orders_svc, inventory_svc, projections_svc;
GRANT SELECT ON payments.outbox TO orders_svc, inventory_svc, projections_svc;

-- The simulated payment provider is an outside system: its ledger lives in its own schema and role.
CREATE SCHEMA provider_sim;
REVOKE ALL ON SCHEMA provider_sim FROM PUBLIC;
GRANT USAGE ON SCHEMA provider_sim TO provider_sim;
CREATE TABLE provider_sim.ledger (
  idempotency_key varchar(255) PRIMARY KEY,
  kind            varchar(10)  NOT NULL CHECK (kind IN ('CHARGE', 'REFUND')),
  token           varchar(255),
  charge_ref      varchar(255),
  amount_cents    bigint       NOT NULL CHECK (amount_cents > 0),
  currency        char(3)      NOT NULL,
  status          varchar(20)  NOT NULL CHECK (status IN ('SUCCEEDED', 'DECLINED')),
  provider_ref    varchar(255) NOT NULL UNIQUE,
  calls           int          NOT NULL DEFAULT 1,
  created_at      timestamptz  NOT NULL DEFAULT now()
);
-- How many transient failures a key has seen (tok_processingError fails twice, then succeeds).
CREATE TABLE provider_sim.transient_failures (
  idempotency_key varchar(255) PRIMARY KEY,
  failures        int NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON provider_sim.ledger, provider_sim.transient_failures TO provider_sim;
