#!/usr/bin/env bash
# Runs one Drover server from this install.
#   bin/drover-server.sh start|stop|status|restart|run
# Configuration: conf/server.properties (or DROVER_CONFIG), each key overridable by an environment variable
# (drover.zk.connect -> DROVER_ZK_CONNECT). Several servers can run from one install: give each its own
# DROVER_SERVER_ID, DROVER_HTTP_PORT and DROVER_TRANSPORT_PORT; pid and log files are named by id.
#
#   start    starts the server in the background and returns once it answers GET /health with 200 (exit 0), or
#            fails (exit 1) when it exits or is not healthy within DROVER_START_TIMEOUT seconds (default 60)
#   stop     SIGTERM: the server hands every app it leads to another server, then exits; killed after
#            DROVER_STOP_TIMEOUT seconds (default 30)
#   status   exit 0 when running (with its /health status), 3 when not
#   run      in the foreground
# Environment: DROVER_LOG_DIR (pid and log files, default logs), DROVER_JAVA_OPTS (JVM options, after
# conf/jvm.options), DROVER_NO_BUILD=1 (never run Maven; fail when the server is not built).
set -euo pipefail
# Paths given by the caller are relative to where the caller stands; the script then works from the install.
CALLER_DIR=$PWD
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$CALLER_DIR/$1" ;; esac; }
cd "$(dirname "$0")/.."

CONFIG=conf/server.properties
if [ -n "${DROVER_CONFIG:-}" ]; then CONFIG=$(absolute "$DROVER_CONFIG"); fi
LOG_DIR=logs
if [ -n "${DROVER_LOG_DIR:-}" ]; then LOG_DIR=$(absolute "$DROVER_LOG_DIR"); fi

# A configuration value as the server reads it (system properties aside): environment, else the file, else default.
conf_value() {
  local env_name v=""
  env_name=$(echo "$1" | tr 'a-z.-' 'A-Z__')
  v=${!env_name:-}
  if [ -z "$v" ] && [ -f "$CONFIG" ]; then
    v=$(awk -v key="$1" '{ k = $0; sub(/[=:].*/, "", k); gsub(/[ \t]/, "", k) }
      k == key { v = $0; sub(/^[^=:]*[=:][ \t]*/, "", v) } END { gsub(/[ \t\r]+$/, "", v); print v }' "$CONFIG")
  fi
  echo "${v:-$2}"
}

mkdir -p "$LOG_DIR"

jar() { ls scheduler/target/drover-scheduler-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true; }

build_if_missing() {
  if [ -z "$(jar)" ] || [ ! -d scheduler/target/lib ]; then
    if [ -n "${DROVER_NO_BUILD:-}" ]; then
      echo "drover server $ID: scheduler/target is not built and DROVER_NO_BUILD is set; build with:" \
        "mvn -B -DskipTests -pl scheduler -am package" >&2
      exit 1
    fi
    echo "Building the Drover server..."
    mvn -q -B -DskipTests -pl scheduler -am package
  fi
}

# Alive (a zombie is not), and ours: a stale pid file must not make us signal whatever process has its number now.
alive() { ps -o stat=,args= -p "$1" 2>/dev/null | grep -v '^ *Z' | grep -q -F io.drover.scheduler.ServerMain; }
running() { [ -f "$PID_FILE" ] && alive "$(cat "$PID_FILE")"; }
# A process we just started, before it has become java: exists and is not a zombie.
exists() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$st" != *Z* ]]; }

java_cmd() {
  CMD=(java)
  # A collector named in DROVER_JAVA_OPTS replaces the one of conf/jvm.options: the JVM refuses two.
  local own_gc=false w
  for w in ${DROVER_JAVA_OPTS:-}; do
    [[ "$w" =~ ^-XX:\+Use[A-Za-z]*GC$ ]] && own_gc=true
  done
  if [ -f conf/jvm.options ]; then
    while read -r opt; do
      [[ -z "$opt" || "$opt" == \#* ]] && continue
      [[ "$own_gc" == true && "$opt" =~ ^-XX:\+Use[A-Za-z]*GC$ ]] && continue
      CMD+=("$opt")
    done <conf/jvm.options
  fi
  # DROVER_JAVA_OPTS is split into words on purpose
  CMD+=(${DROVER_JAVA_OPTS:-} -Dlogback.configurationFile=conf/logback.xml -cp "$(jar):scheduler/target/lib/*"
    io.drover.scheduler.ServerMain --config "$CONFIG")
}

http_port() { conf_value drover.http.port 7700; }

# Where /health answers: the bind address, or loopback when the server binds every interface.
http_host() {
  local h
  h=$(conf_value drover.bind.host "$(conf_value drover.server.host 127.0.0.1)")
  case "$h" in 0.0.0.0 | "::" | "[::]") h=127.0.0.1 ;; esac
  echo "$h"
}

health_url() { echo "http://$(http_host):$(http_port)/health"; }

# The server id the process will use (the server's own default when none is configured).
server_id() { conf_value drover.server.id "server-$(conf_value drover.server.host 127.0.0.1)-$(http_port)"; }

# pid and log files are named by the server id, so servers with different configurations never share them
ID=$(server_id)
PID_FILE="$LOG_DIR/drover-server-$ID.pid"
LOG_FILE="$LOG_DIR/drover-server-$ID.log"

# Prints "<status code> <body>" of GET /health ("000" when nothing answers).
health() {
  if command -v curl >/dev/null; then
    local out
    out=$(curl -s --max-time 2 -w '\n%{http_code}' "$(health_url)" 2>/dev/null || true)
    echo "$(echo "$out" | tail -n 1) $(echo "$out" | sed '$d')"
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/$(http_host)/$(http_port) && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 \
      && cat <&3" 2>/dev/null | awk 'NR == 1 { code = $2 } /^\r?$/ { body = 1; next } body { b = b $0 }
      END { print (code == "" ? "000" : code) " " b }' || echo "000"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/$(http_host)/$(http_port)") 2>/dev/null; }

wait_healthy() {
  local pid=$1 port sid answer deadline errors
  port=$(http_port)
  if [ "$port" = 0 ]; then
    echo "drover server $ID started (pid $pid, log $LOG_FILE); HTTP port 0 (any free port): not waiting for /health"
    return 0
  fi
  sid=$(server_id)
  deadline=$((SECONDS + ${DROVER_START_TIMEOUT:-60}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! exists "$pid"; then
      echo "drover server $ID exited during start; from $LOG_FILE:" >&2
      # the error lines of this start (a stack trace's tail says less), else the end of the log
      errors=$(tail -c +$((LOG_START + 1)) "$LOG_FILE" | grep -E ' ERROR |^drover: ' | tail -n 5 || true)
      if [ -n "$errors" ]; then echo "$errors" >&2; else tail -c +$((LOG_START + 1)) "$LOG_FILE" | tail -n 20 >&2; fi
      rm -f "$PID_FILE"
      return 1
    fi
    answer=$(health)
    # a 200 counts when it is ours (an answer naming another server means that one holds the port)
    if [ "${answer%% *}" = 200 ] \
      && { [[ "$answer" != *'"serverId"'* ]] || [[ "$answer" == *"\"serverId\":\"$sid\""* ]]; }; then
      echo "drover server $ID started (pid $pid, $(health_url) is UP, log $LOG_FILE)"
      return 0
    fi
    sleep 0.2
  done
  echo "drover server $ID is running (pid $pid) but not healthy at $(health_url) after" \
    "${DROVER_START_TIMEOUT:-60} s; see $LOG_FILE" >&2
  return 1
}

case "${1:-}" in
  run)
    build_if_missing
    java_cmd
    exec "${CMD[@]}"
    ;;
  start)
    if running; then echo "drover server $ID is running (pid $(cat "$PID_FILE"))"; exit 0; fi
    build_if_missing
    if [ "$(http_port)" != 0 ] && port_in_use; then
      echo "drover server $ID: $(http_host):$(http_port) is in use by another process" >&2
      exit 1
    fi
    java_cmd
    LOG_START=$(stat -c %s "$LOG_FILE" 2>/dev/null || echo 0) # where this start's lines begin
    nohup "${CMD[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    wait_healthy "$!"
    ;;
  stop)
    if ! running; then echo "drover server $ID is not running"; rm -f "$PID_FILE"; exit 0; fi
    pid=$(cat "$PID_FILE")
    kill -TERM "$pid" # the server hands its apps over before it exits
    timeout=${DROVER_STOP_TIMEOUT:-30}
    for _ in $(seq 1 $((timeout * 10))); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      echo "drover server $ID did not stop in $timeout s; killing it"
      kill -KILL "$pid"
      while alive "$pid"; do sleep 0.1; done
    fi
    rm -f "$PID_FILE"
    echo "drover server $ID stopped"
    ;;
  status)
    if running; then
      answer=$(health)
      echo "drover server $ID is running (pid $(cat "$PID_FILE"), /health: ${answer%% *} ${answer#* })"
    else
      echo "drover server $ID is not running"
      exit 3
    fi
    ;;
  restart)
    "$SELF" stop
    "$SELF" start
    ;;
  *)
    echo "usage: $0 start|stop|status|restart|run" >&2
    exit 2
    ;;
esac
