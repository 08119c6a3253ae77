-- Platform-wide helpers used by every service's migrations. Runs as the admin role.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Messaging tables every service owns in its own schema: the inbox (processed event ids, written in the same
-- transaction as a handler's effect), a checkpoint per consumer group and source, and the dead-letter store.
CREATE OR REPLACE FUNCTION shop_meta.create_consumer_tables(target_schema text, owner_role text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($ddl$
    CREATE TABLE %1$I.inbox (
      consumer_group text        NOT NULL,
      event_id       uuid        NOT NULL,
      processed_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    );
    CREATE INDEX inbox_processed_at_idx ON %1$I.inbox (processed_at);
    CREATE TABLE %1$I.consumer_checkpoints (
      consumer_group text        NOT NULL,
      source         text        NOT NULL,
      last_txid      xid8        NOT NULL DEFAULT '0'::xid8,
      last_id        bigint      NOT NULL DEFAULT 0,
      updated_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, source)
    );
    CREATE TABLE %1$I.dead_letters (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      consumer_group text        NOT NULL,
      source         text        NOT NULL,
      event_id       uuid        NOT NULL,
      event_type     text        NOT NULL,
      aggregate_id   text        NOT NULL,
      envelope       jsonb       NOT NULL,
      error          text        NOT NULL,
      attempts       int         NOT NULL,
      failed_at      timestamptz NOT NULL DEFAULT now(),
      redriven_at    timestamptz
    );
    CREATE INDEX dead_letters_pending_idx ON %1$I.dead_letters (consumer_group, failed_at) WHERE redriven_at IS NULL;
    GRANT SELECT, INSERT, UPDATE, DELETE ON %1$I.inbox, %1$I.consumer_checkpoints, %1$I.dead_letters TO %2$I;
  $ddl$, target_schema, owner_role);
END
$fn$;

-- The transactional outbox of a service: rows are written in the same transaction as the change they announce
-- and never updated. txid orders readers by a visibility horizon (see libs/messaging), payload is the envelope.
CREATE OR REPLACE FUNCTION shop_meta.create_outbox_table(target_schema text, owner_role text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($ddl$
    CREATE TABLE %1$I.outbox (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id       uuid        NOT NULL UNIQUE,
      aggregate_type text        NOT NULL,
      aggregate_id   text        NOT NULL,
      event_type     text        NOT NULL,
      event_version  int         NOT NULL,
      sequence       int         NOT NULL,
      payload        jsonb       NOT NULL,
      traceparent    text,
      txid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
      created_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX outbox_txid_id_idx ON %1$I.outbox (txid, id);
    CREATE UNIQUE INDEX outbox_aggregate_sequence_idx ON %1$I.outbox (aggregate_type, aggregate_id, sequence);
    CREATE TRIGGER outbox_append_only BEFORE UPDATE OR DELETE ON %1$I.outbox
      FOR EACH ROW EXECUTE FUNCTION shop_meta.refuse_change();
    GRANT SELECT, INSERT ON %1$I.outbox TO %2$I;
  $ddl$, target_schema, owner_role);
END
$fn$;

-- Append-only logs refuse UPDATE and DELETE in the database itself, whoever asks.
CREATE OR REPLACE FUNCTION shop_meta.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;
