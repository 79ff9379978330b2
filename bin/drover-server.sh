#!/usr/bin/env bash
# Runs one Drover server from this install.
#   bin/drover-server.sh start|stop|status|restart|run
# Configuration: conf/server.properties (or DROVER_CONFIG), each key overridable by an environment variable
# (drover.zk.connect -> DROVER_ZK_CONNECT). Several servers can run from one install: give each its own
# DROVER_SERVER_ID, DROVER_HTTP_PORT and DROVER_TRANSPORT_PORT; pid and log files are named by id.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG=${DROVER_CONFIG:-conf/server.properties}
ID=${DROVER_SERVER_ID:-default}
PID_FILE="logs/drover-server-$ID.pid"
LOG_FILE="logs/drover-server-$ID.log"
mkdir -p logs

jar() { ls scheduler/target/drover-scheduler-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true; }

build_if_missing() {
  if [ -z "$(jar)" ] || [ ! -d scheduler/target/lib ]; then
    echo "Building the Drover server..."
    mvn -q -B -DskipTests -pl scheduler -am package
  fi
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

java_cmd() {
  local opts=""
  [ -f conf/jvm.options ] && opts=$(grep -v '^\s*#' conf/jvm.options | tr '\n' ' ')
  echo "java $opts ${DROVER_JAVA_OPTS:-} -Dlogback.configurationFile=conf/logback.xml -cp $(jar):scheduler/target/lib/* io.drover.scheduler.ServerMain --config $CONFIG"
}

case "${1:-}" in
  run)
    build_if_missing
    exec $(java_cmd)
    ;;
  start)
    if running; then echo "drover server $ID is running (pid $(cat "$PID_FILE"))"; exit 0; fi
    build_if_missing
    nohup $(java_cmd) >>"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    echo "drover server $ID started (pid $!, log $LOG_FILE)"
    ;;
  stop)
    if ! running; then echo "drover server $ID is not running"; rm -f "$PID_FILE"; exit 0; fi
    pid=$(cat "$PID_FILE")
    kill -TERM "$pid"   # the server hands its apps over before it exits
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "drover server $ID did not stop in 30 s; killing it"; kill -KILL "$pid"; fi
    rm -f "$PID_FILE"
    echo "drover server $ID stopped"
    ;;
  status)
    if running; then echo "drover server $ID is running (pid $(cat "$PID_FILE"))"; else echo "drover server $ID is not running"; exit 3; fi
    ;;
  restart)
    "$0" stop
    "$0" start
    ;;
  *)
    echo "usage: $0 start|stop|status|restart|run" >&2
    exit 2
    ;;
esac
