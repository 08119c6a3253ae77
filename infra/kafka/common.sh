# shellcheck shell=bash
# Shared settings and helpers for kafka-up.sh / kafka-down.sh / kafka-restart.sh.
# Sourced, never executed. Everything runs from jars fetched by pom.xml
# (no Kafka tarball, no Docker): `java -cp '.build/libs/*' <main class>`.

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$KAFKA_DIR/../.." && pwd)"

BUILD_DIR="$KAFKA_DIR/.build"
LIBS_DIR="$BUILD_DIR/libs"
PLUGIN_PATH="$BUILD_DIR/plugins"
DEBEZIUM_PLUGIN_DIR="$PLUGIN_PATH/debezium-connector-postgres"
# Written after a successful fetch; holds the pom's checksum so that bumping a
# version in pom.xml triggers a re-fetch on the next kafka-up.
FETCH_STAMP="$BUILD_DIR/.fetched"

# Data dir: relative paths are taken relative to the repo root, not the caller's cwd,
# so `npm run kafka:up` and running the script from anywhere agree.
DATA_DIR="${KAFKA_DATA_DIR:-./.data/kafka}"
case "$DATA_DIR" in
  /*) ;;
  *) DATA_DIR="$REPO_ROOT/${DATA_DIR#./}" ;;
esac
CONF_DIR="$DATA_DIR/config"
SECRETS_DIR="$DATA_DIR/connect-secrets"
LOG_DIR="$DATA_DIR/logs"
KRAFT_DIR="$DATA_DIR/kraft-combined-logs"

# Loopback only. Ports can be moved if something else already uses them.
KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
CONNECT_PORT="${CONNECT_PORT:-8083}"
CONNECT_URL="http://$KAFKA_HOST:$CONNECT_PORT"

# Small heaps: the target machine has 2 cores and runs Postgres + Node services too.
BROKER_HEAP_OPTS="${KAFKA_BROKER_HEAP_OPTS:--Xms256m -Xmx512m}"
CONNECT_HEAP_OPTS="${KAFKA_CONNECT_HEAP_OPTS:--Xms256m -Xmx512m}"
# Same GC flags as Kafka's own bin/kafka-run-class.sh.
JVM_COMMON_OPTS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"

START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"   # seconds, per component
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"      # seconds before SIGKILL

BROKER_MAIN=kafka.Kafka
CONNECT_MAIN=org.apache.kafka.connect.cli.ConnectDistributed
STORAGE_TOOL_MAIN=kafka.tools.StorageTool
DEBEZIUM_PG_CONNECTOR=io.debezium.connector.postgresql.PostgresConnector

log() { printf '[kafka] %s\n' "$*"; }
warn() { printf '[kafka] WARN: %s\n' "$*" >&2; }
die() { printf '[kafka] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# elapsed START_MS -> "12.3s"
elapsed() { local d=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((d / 1000)) $(((d % 1000) / 100)); }

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH. $2"
}

# --- process bookkeeping ----------------------------------------------------

pid_file() { echo "$DATA_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }
main_class() { if [ "$1" = broker ]; then echo "$BROKER_MAIN"; else echo "$CONNECT_MAIN"; fi; }

# Prints the pid of a running component (broker|connect) and returns 0, else 1.
# Checks the command line too, so a stale pid file whose pid got reused by some
# other process is not mistaken for ours.
running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [ -n "$pid" ] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$(main_class "$1")" || return 1
  echo "$pid"
}

# True while the process exists. A JVM whose main thread already exited shows up
# as a zombie while its other threads are still tearing down (and still hold the
# listening sockets), so only a zombie with no threads left counts as gone.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] && return 0
  [ "$(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" -gt 1 ]
}

component_ports() {
  if [ "$1" = broker ]; then echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; else echo "$CONNECT_PORT"; fi
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# stop_component NAME [SIGNAL]: SIGTERM (or the given signal), wait, then SIGKILL.
stop_component() {
  local name="$1" sig="${2:-TERM}" pid t0
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    log "$name: not running"
    return 0
  fi
  t0=$(now_ms)
  log "$name: stopping pid $pid (SIG$sig)..."
  kill "-$sig" "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while alive "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      warn "$name: still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  # Belt and braces: a restart right after this must find its ports free.
  local port n
  for port in $(component_ports "$name"); do
    n=0
    while port_open "$KAFKA_HOST" "$port" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  done
  rm -f "$(pid_file "$name")"
  log "$name: stopped in $(elapsed "$t0")"
}

# --- jars ---------------------------------------------------------------------

pom_sum() { sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1; }

jars_present() {
  [ -f "$FETCH_STAMP" ] && [ "$(cat "$FETCH_STAMP")" = "$(pom_sum)" ] &&
    compgen -G "$LIBS_DIR/kafka_*.jar" >/dev/null &&
    compgen -G "$LIBS_DIR/connect-runtime-*.jar" >/dev/null &&
    compgen -G "$DEBEZIUM_PLUGIN_DIR/debezium-core-*.jar" >/dev/null
}

ensure_jars() {
  if jars_present; then return 0; fi
  require_cmd mvn "Install Maven 3.8+ (Debian: apt-get install maven)."
  require_cmd java "Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
  local t0; t0=$(now_ms)
  log "fetching Kafka/Connect/Debezium jars with Maven (first run takes a minute)..."
  mkdir -p "$LOG_DIR"
  # Start from a clean slate so jars of an older version never linger on the classpath
  # (this also drops the dependency plugin's unpack markers, which would otherwise
  # skip re-unpacking the Debezium archive).
  rm -rf "$BUILD_DIR"
  # shellcheck disable=SC2086  # KAFKA_MVN_FLAGS is a flag list, e.g. "-o" or "-s settings.xml"
  if ! mvn -q -B -Dstyle.color=never ${KAFKA_MVN_FLAGS:-} -f "$KAFKA_DIR/pom.xml" package >"$LOG_DIR/mvn.log" 2>&1; then
    tail -n 30 "$LOG_DIR/mvn.log" >&2 || true
    die "Maven fetch failed, see $LOG_DIR/mvn.log"
  fi
  pom_sum >"$FETCH_STAMP"
  log "jars ready in $(elapsed "$t0") ($(find "$LIBS_DIR" -name '*.jar' | wc -l) libs, plugin dir $DEBEZIUM_PLUGIN_DIR)"
}

# --- configuration ------------------------------------------------------------
# Regenerated on every start (cheap) so env overrides (ports, data dir) always apply.

write_configs() {
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$KRAFT_DIR"
  # Connector secrets: readable by this user only (the files take their read bits from the directory).
  mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"

  cat >"$CONF_DIR/server.properties" <<EOF
# Generated by infra/kafka/common.sh - edits are overwritten on the next start.
# Single-node KRaft: this process is both broker and (sole) controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KRAFT_DIR

# Topics appear on first use (services produce to shop.<aggregate>), 3 partitions each.
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1

# One broker: every internal topic must have replication factor 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Fewer internal partitions = faster first consumer-group join / first transaction.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
# Don't wait 3 s for more members before the first rebalance (tests start consumers often).
group.initial.rebalance.delay.ms=0

# After a crash (kill -9) the restarted broker can only register once the controller
# has expired its previous session: 5 s instead of the default 9 s, and faster
# heartbeats so it is unfenced sooner. Halves kafka-restart.sh broker --kill.
broker.session.timeout.ms=5000
broker.heartbeat.interval.ms=500

# Small thread pools for a 2-core machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
# Dev data: keep a day, small segments so retention actually kicks in.
log.retention.hours=24
log.segment.bytes=67108864
EOF

  cat >"$CONF_DIR/connect-distributed.properties" <<EOF
# Generated by infra/kafka/common.sh - edits are overwritten on the next start.
bootstrap.servers=$KAFKA_HOST:$KAFKA_PORT
group.id=shop-connect

# Worker defaults; the outbox connector overrides key/value converters itself
# (see infra/debezium/outbox-connector.json).
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false

# Internal topics (same names as docker-compose.yml). Single broker => RF 1;
# 1 partition each keeps worker start-up fast.
config.storage.topic=connect-configs
offset.storage.topic=connect-offsets
status.storage.topic=connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=1
status.storage.partitions=1

# Commit source offsets (= the Postgres LSN Debezium confirms to its slot) every second,
# so a restart replays at most ~1 s of outbox events and WAL is released promptly.
offset.flush.interval.ms=1000
offset.flush.timeout.ms=5000

# REST API on loopback.
listeners=http://$KAFKA_HOST:$CONNECT_PORT
rest.advertised.host.name=$KAFKA_HOST
rest.advertised.port=$CONNECT_PORT

# Debezium lives in its own classloader under plugin.path. The Debezium 2.7 and
# Kafka 3.7 jars ship ServiceLoader manifests, so skip the slow reflective
# classpath scan (saves several seconds of start-up on 2 cores).
plugin.path=$PLUGIN_PATH
plugin.discovery=service_load

# Single worker, restarted by chaos tests: reassign a dead worker's tasks at once
# instead of waiting the default 5 minutes, and detect a killed worker quickly.
scheduled.rebalance.max.delay.ms=0
session.timeout.ms=6000
heartbeat.interval.ms=2000
task.shutdown.graceful.timeout.ms=5000
# Lets a connector tune its own producer (producer.override.*).
connector.client.config.override.policy=All

# Secrets by reference (KIP-297): a connector's config may say \${file:<path>:<key>}, resolved when its
# tasks start, and the REST API shows only the reference. The outbox connector's password lives in
# $SECRETS_DIR (libs/messaging/src/connect-secrets.ts).
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
EOF

  # Log to stdout; the start functions redirect stdout+stderr to logs/<name>.log.
  local name
  for name in broker connect; do
    cat >"$CONF_DIR/log4j-$name.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# Quieter defaults, same as Kafka's shipped log4j.properties.
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
log4j.logger.org.apache.kafka.clients.admin.AdminClientConfig=WARN
log4j.logger.org.apache.kafka.clients.producer.ProducerConfig=WARN
log4j.logger.org.apache.kafka.clients.consumer.ConsumerConfig=WARN
log4j.logger.org.reflections=ERROR
# One line per REST call is noise while scripts poll the API.
log4j.logger.org.apache.kafka.connect.runtime.rest.RestServer=WARN
# Debezium warns "Type ... is already mapped" for dozens of catalog types on every start.
log4j.logger.io.debezium.connector.postgresql.TypeRegistry=ERROR
EOF
  done
}

# KRaft needs its metadata log formatted once with a cluster id.
format_storage() {
  if [ -f "$KRAFT_DIR/meta.properties" ]; then return 0; fi
  local t0 cid; t0=$(now_ms)
  # Cluster id = 16 random bytes, URL-safe base64 without padding (what
  # `kafka-storage random-uuid` prints). Kafka rejects ids starting with '-'.
  cid="-"
  while [ "${cid:0:1}" = "-" ]; do
    cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  log "formatting KRaft storage in $KRAFT_DIR (cluster id $cid)..."
  if ! java -Xmx128m -Dlog4j.configuration="file:$CONF_DIR/log4j-broker.properties" \
      -cp "$LIBS_DIR/*" "$STORAGE_TOOL_MAIN" format --ignore-formatted \
      -t "$cid" -c "$CONF_DIR/server.properties" >"$LOG_DIR/format.log" 2>&1; then
    cat "$LOG_DIR/format.log" >&2
    die "KRaft storage format failed, see $LOG_DIR/format.log"
  fi
  log "formatted in $(elapsed "$t0")"
}

# --- start / wait -------------------------------------------------------------

# launch NAME MAINCLASS HEAP ARGS...: detached JVM, output to logs/NAME.log
# (previous log kept as NAME.log.1), pid to NAME.pid.
launch() {
  local name="$1" main="$2" heap="$3"; shift 3
  local lf; lf="$(log_file "$name")"
  [ -f "$lf" ] && mv -f "$lf" "$lf.1"
  # setsid: own session, so Ctrl-C in the calling terminal / npm doesn't kill it.
  # shellcheck disable=SC2086  # heap/JVM opts are flag lists
  setsid java $heap $JVM_COMMON_OPTS \
    -Dlog4j.configuration="file:$CONF_DIR/log4j-$name.properties" \
    -cp "$LIBS_DIR/*" "$main" "$@" </dev/null >"$lf" 2>&1 &
  echo $! >"$(pid_file "$name")"
}

start_broker() {
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    die "port $KAFKA_HOST:$KAFKA_PORT is already in use by a process that is not ours (pid file $(pid_file broker)). Stop it or set KAFKA_PORT."
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is already in use. Stop that process or set KAFKA_CONTROLLER_PORT."
  fi
  log "broker: starting on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), log $(log_file broker)"
  launch broker "$BROKER_MAIN" "$BROKER_HEAP_OPTS" "$CONF_DIR/server.properties"
}

start_connect() {
  if port_open "$KAFKA_HOST" "$CONNECT_PORT"; then
    die "port $KAFKA_HOST:$CONNECT_PORT is already in use by a process that is not ours (pid file $(pid_file connect)). Stop it or set CONNECT_PORT."
  fi
  log "connect: starting REST on $CONNECT_URL, log $(log_file connect)"
  launch connect "$CONNECT_MAIN" "$CONNECT_HEAP_OPTS" "$CONF_DIR/connect-distributed.properties"
}

# wait_until NAME CHECK_FN: polls CHECK_FN until true; fails fast if the JVM died
# and with a pointer to the log on timeout.
wait_until() {
  local name="$1" check="$2" deadline lf
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  lf="$(log_file "$name")"
  until "$check"; do
    if ! running_pid "$name" >/dev/null; then
      tail -n 40 "$lf" >&2 2>/dev/null || true
      die "$name exited during start-up; see $lf"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 40 "$lf" >&2 2>/dev/null || true
      die "$name not ready after ${START_TIMEOUT}s (KAFKA_START_TIMEOUT); see $lf"
    fi
    sleep 0.25
  done
}

# The broker binds its port before it has caught up with the metadata log and
# enabled request processing, so an open port alone is not "ready": also wait
# for the KafkaRaftServer start-up line in this run's log.
broker_ready() {
  port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
    grep -q 'Kafka Server started' "$(log_file broker)" 2>/dev/null
}

# Connect is usable once the REST API answers, the Debezium plugin was loaded
# from plugin.path, and the worker has joined its group (before that, creating a
# connector is answered with 409 "rebalance in progress").
connect_ready() {
  local plugins
  curl -fsS -m 2 "$CONNECT_URL/connectors" >/dev/null 2>&1 || return 1
  plugins="$(curl -fsS -m 2 "$CONNECT_URL/connector-plugins" 2>/dev/null)" || return 1
  case "$plugins" in
    *"$DEBEZIUM_PG_CONNECTOR"*) ;;
    # Plugins are scanned once at start-up, so waiting longer won't help.
    *) die "Connect is up but did not load $DEBEZIUM_PG_CONNECTOR from plugin.path=$PLUGIN_PATH (got: $plugins). Try: infra/kafka/kafka-down.sh && rm -rf $BUILD_DIR && infra/kafka/kafka-up.sh. Log: $(log_file connect)" ;;
  esac
  grep -q 'Joined group at generation' "$(log_file connect)" 2>/dev/null
}

wait_broker() { wait_until broker broker_ready; }
wait_connect() { wait_until connect connect_ready; }
