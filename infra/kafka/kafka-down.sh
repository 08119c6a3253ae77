#!/usr/bin/env bash
# Stop the local Kafka Connect worker and Kafka broker started by kafka-up.sh.
# Exits 0 when nothing is running.
set -euo pipefail

case "${1:-}" in
  -h|--help)
    cat <<'EOF'
Usage: infra/kafka/kafka-down.sh [--help]

Stops Kafka Connect, then the Kafka broker started by kafka-up.sh (SIGTERM, then
SIGKILL after KAFKA_STOP_TIMEOUT seconds, default 30). Data under KAFKA_DATA_DIR
(default ./.data/kafka) is kept; delete that directory for a clean slate.
EOF
    exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

# shellcheck source=./common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

T_START=$(now_ms)
# Connect first: on SIGTERM it stops the Debezium task and flushes its source
# offsets to the broker, which must still be up for that.
stop_component connect
stop_component broker
log "down in $(elapsed "$T_START")"
