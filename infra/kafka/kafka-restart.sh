#!/usr/bin/env bash
# Restart one part of the local stack (used by chaos tests):
#   kafka-restart.sh broker|connect [--kill] [--down-for SECONDS]
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: infra/kafka/kafka-restart.sh broker|connect [--kill] [--down-for SECONDS]

Stops the given component (SIGTERM; with --kill: SIGKILL, i.e. a crash), keeps it
down for --down-for seconds (default 0), starts it again and waits until it is
ready. The other component is left running; Connect and the clients reconnect on
their own when the broker comes back.
EOF
}

TARGET=""; SIG=TERM; DOWN_FOR=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    broker|connect) TARGET="$1" ;;
    --kill) SIG=KILL ;;
    --down-for) DOWN_FOR="${2:?--down-for needs a number of seconds}"; shift ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[ -n "$TARGET" ] || { usage >&2; exit 2; }
# Checked before anything is stopped: a bad value used to fail at `sleep`, leaving the component down.
[[ "$DOWN_FOR" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--down-for needs a number of seconds, got \"$DOWN_FOR\"" >&2; exit 2; }

# shellcheck source=./common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

jars_present || die "jars not fetched yet; run infra/kafka/kafka-up.sh first"
T_START=$(now_ms)
stop_component "$TARGET" "$SIG"
if [ "$DOWN_FOR" != 0 ]; then
  log "$TARGET: staying down for ${DOWN_FOR}s"
  sleep "$DOWN_FOR"
fi
write_configs
if [ "$TARGET" = broker ]; then
  format_storage
  start_broker
  wait_broker
else
  running_pid broker >/dev/null || warn "broker is not running; Connect will not become ready without it"
  start_connect
  wait_connect
fi
log "$TARGET: restarted, ready in $(elapsed "$T_START")"
