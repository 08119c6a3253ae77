#!/usr/bin/env bash
# Start a local single-node Kafka (KRaft) + Kafka Connect (with Debezium) on loopback.
# Idempotent: components that already run are left alone.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: infra/kafka/kafka-up.sh [--fetch-only] [--help]

Starts, in the background and without Docker:
  * Kafka 3.7 broker+controller (KRaft)   127.0.0.1:9092 (controller 127.0.0.1:9093)
  * Kafka Connect (distributed) + Debezium REST http://127.0.0.1:8083, with the `file` config
    provider reading connector secrets from <data>/connect-secrets/
Jars are fetched with Maven into infra/kafka/.build/ on first use.
Waits until both are ready; safe to run again while they are running.

Options:
  --fetch-only   only download the jars (e.g. to warm a CI cache), start nothing
  -h, --help     this text

Environment:
  KAFKA_DATA_DIR      data, logs, pid files (default ./.data/kafka, relative to repo root)
  KAFKA_PORT / KAFKA_CONTROLLER_PORT / CONNECT_PORT   (9092 / 9093 / 8083)
  KAFKA_BROKER_HEAP_OPTS / KAFKA_CONNECT_HEAP_OPTS    (-Xms256m -Xmx512m each)
  KAFKA_START_TIMEOUT seconds to wait for each component (default 120)
  KAFKA_MVN_FLAGS     extra Maven flags for the jar fetch (e.g. "-o")
  DATABASE_URL        if set, checked with psql to have wal_level=logical
                      (Debezium needs logical decoding)

Stop with infra/kafka/kafka-down.sh; restart one part with kafka-restart.sh.
EOF
}

FETCH_ONLY=0
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --fetch-only) FETCH_ONLY=1 ;;
    *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

# shellcheck source=./common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

T_START=$(now_ms)

# Fail before spending a minute on the JVMs if the database can't feed Debezium.
check_wal_level() {
  [ -n "${DATABASE_URL:-}" ] || return 0
  if ! command -v psql >/dev/null 2>&1; then
    warn "psql not found, skipping the wal_level check of DATABASE_URL"
    return 0
  fi
  local level
  if ! level="$(psql "$DATABASE_URL" -Atc 'show wal_level' 2>&1)"; then
    die "cannot query DATABASE_URL with psql: $level"
  fi
  if [ "$level" != "logical" ]; then
    die "Postgres at DATABASE_URL has wal_level=$level; Debezium needs wal_level=logical. Start Postgres with '-c wal_level=logical' (or ALTER SYSTEM SET wal_level = logical; and restart it)."
  fi
  log "DATABASE_URL: wal_level=logical ok"
}

require_cmd java "Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
require_cmd curl "Needed to probe Kafka Connect's REST API (Debian: apt-get install curl)."
check_wal_level
ensure_jars
if [ "$FETCH_ONLY" = 1 ]; then
  log "jars present in $BUILD_DIR (--fetch-only)"
  exit 0
fi

broker_pid="$(running_pid broker || true)"
connect_pid="$(running_pid connect || true)"
if [ -n "$broker_pid" ] && [ -n "$connect_pid" ]; then
  log "already running (broker pid $broker_pid, connect pid $connect_pid, data $DATA_DIR)"
  # It may have been started a moment ago by someone else: still wait for readiness.
  wait_broker
  wait_connect
  exit 0
fi

write_configs
format_storage

if [ -n "$broker_pid" ]; then
  log "broker: already running (pid $broker_pid)"
else
  start_broker
fi
T_BROKER=$(now_ms)
wait_broker
log "broker: ready ($(elapsed "$T_BROKER"))"

if [ -n "$connect_pid" ]; then
  log "connect: already running (pid $connect_pid)"
else
  start_connect
fi
T_CONNECT=$(now_ms)
wait_connect
log "connect: ready with $DEBEZIUM_PG_CONNECTOR ($(elapsed "$T_CONNECT"))"

log "up in $(elapsed "$T_START"): bootstrap $KAFKA_HOST:$KAFKA_PORT, connect $CONNECT_URL, data $DATA_DIR"
