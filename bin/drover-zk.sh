#!/usr/bin/env bash
# Runs a real ZooKeeper node from the zookeeper jar (scheduler/target/lib) and conf/zoo.cfg.
#   bin/drover-zk.sh start|stop|status
#
# One node (the default): conf/zoo.cfg as it is, client port 2181, data in data/zookeeper-node.
# An ensemble: every node runs with the same server list and its own id, from one configuration:
#   DROVER_ZK_ID=N            this node's id, 1-255 (written to "myid" in its data directory)
#   DROVER_ZK_ENSEMBLE=h1:2888:3888,h2:2888:3888,h3:2888:3888
#                             the ensemble, node N being the Nth entry (or write server.N lines in the config)
#   DROVER_ZK_CLIENT_PORT     overrides clientPort (several nodes on one host need one each)
#   DROVER_ZK_CLIENT_ADDRESS  overrides clientPortAddress (the conf binds 127.0.0.1; set 0.0.0.0 or the host's
#                             address for an ensemble that servers on other hosts reach)
#   DROVER_ZK_DATA_DIR        overrides dataDir (default: the config's dataDir, plus "-N" with DROVER_ZK_ID)
# Other settings:
#   DROVER_ZK_CONFIG          the configuration (default conf/zoo.cfg)
#   DROVER_LOG_DIR            where the pid file, the log and the effective configuration go (default logs)
#   DROVER_ZK_JAVA_OPTS       JVM options
#   DROVER_NO_BUILD=1         never run Maven; fail when the jars are not built
# The pid, log and effective configuration are named after the configuration and the id:
#   logs/drover-zk-zoo.pid, or logs/drover-zk-zoo-2.pid with DROVER_ZK_ID=2.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${DROVER_ZK_CONFIG:-conf/zoo.cfg}
ID=${DROVER_ZK_ID:-}
LOG_DIR=${DROVER_LOG_DIR:-logs}
NAME=$(basename "$CONFIG" .cfg)${ID:+-$ID}
PID_FILE="$LOG_DIR/drover-zk-$NAME.pid"
LOG_FILE="$LOG_DIR/drover-zk-$NAME.log"
EFFECTIVE="$LOG_DIR/drover-zk-$NAME.cfg"
mkdir -p "$LOG_DIR"

[ -f "$CONFIG" ] || { echo "drover-zk: no configuration file $CONFIG" >&2; exit 2; }
if [ -n "$ID" ] && ! [[ "$ID" =~ ^[0-9]+$ && "$ID" -ge 1 && "$ID" -le 255 ]]; then
  echo "drover-zk: DROVER_ZK_ID must be a number in 1..255, got '$ID'" >&2; exit 2
fi

if [ ! -d scheduler/target/lib ]; then
  if [ -n "${DROVER_NO_BUILD:-}" ]; then
    echo "drover-zk: scheduler/target/lib is missing and DROVER_NO_BUILD is set; build with:" \
      "mvn -B -DskipTests -pl scheduler -am package" >&2
    exit 1
  fi
  echo "Building Drover (for the zookeeper jar)..."
  mvn -q -B -DskipTests -pl scheduler -am package
fi

# Alive (a zombie is not), and ours: a stale pid file must not make us signal whatever process has its number now.
alive() { ps -o stat=,args= -p "$1" 2>/dev/null | grep -v '^ *Z' | grep -q -F QuorumPeerMain; }
running() { [ -f "$PID_FILE" ] && alive "$(cat "$PID_FILE")"; }
# A process we just started, before it has become java: exists and is not a zombie.
exists() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$st" != *Z* ]]; }

# The value of a key in a configuration file (the last one wins, as in ZooKeeper), or nothing.
setting() { awk -F= -v key="$1" '{ k = $1; gsub(/[ \t]/, "", k) } k == key { v = substr($0, index($0, "=") + 1) }
  END { gsub(/[ \t\r]/, "", v); print v }' "$2"; }

# The configuration this node runs with: the base one with the overrides applied.
write_effective_config() {
  local base_data data
  base_data=$(setting dataDir "$CONFIG")
  data=${DROVER_ZK_DATA_DIR:-${base_data:-data/zookeeper-node}${ID:+-$ID}}
  {
    # the base configuration without the keys set below
    awk -v port="${DROVER_ZK_CLIENT_PORT:-}" -v ensemble="${DROVER_ZK_ENSEMBLE:-}" \
        -v address="${DROVER_ZK_CLIENT_ADDRESS:-}" '
      { k = $0; sub(/=.*/, "", k); gsub(/[ \t]/, "", k) }
      k == "dataDir" { next }
      k == "clientPortAddress" && address != "" { next }
      k == "clientPort" && port != "" { next }
      k ~ /^server\.[0-9]+$/ && ensemble != "" { next }
      { print }' "$CONFIG"
    echo
    echo "# set by bin/drover-zk.sh"
    echo "dataDir=$data"
    [ -n "${DROVER_ZK_CLIENT_PORT:-}" ] && echo "clientPort=$DROVER_ZK_CLIENT_PORT"
    [ -n "${DROVER_ZK_CLIENT_ADDRESS:-}" ] && echo "clientPortAddress=$DROVER_ZK_CLIENT_ADDRESS"
    if [ -n "${DROVER_ZK_ENSEMBLE:-}" ]; then
      local n=0 member
      IFS=',' read -ra members <<<"$DROVER_ZK_ENSEMBLE"
      for member in "${members[@]}"; do
        n=$((n + 1))
        echo "server.$n=$(echo "$member" | tr -d '[:space:]')"
      done
    fi
  } >"$EFFECTIVE"
  mkdir -p "$data"
  if grep -q -E '^server\.[0-9]+=' "$EFFECTIVE"; then
    if [ -n "$ID" ]; then
      echo "$ID" >"$data/myid"
    elif [ ! -f "$data/myid" ]; then
      echo "drover-zk: the configuration lists an ensemble; set DROVER_ZK_ID to this node's id" >&2; exit 2
    fi
  fi
}

client_port() { setting clientPort "$EFFECTIVE"; }

client_host() {
  local h
  h=$(setting clientPortAddress "$EFFECTIVE")
  [ -z "$h" ] || [ "$h" = 0.0.0.0 ] && h=127.0.0.1
  echo "$h"
}

# Asks the node for its state (the "srvr" four-letter word): "Mode: leader", "Mode: follower", "Mode: standalone".
mode() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$(client_host)/$(client_port) && printf srvr >&3 && cat <&3" 2>/dev/null \
    | grep -E '^Mode:' | cut -d' ' -f2 || true
}

case "${1:-}" in
  start)
    if running; then echo "zookeeper ($NAME) is running (pid $(cat "$PID_FILE"))"; exit 0; fi
    write_effective_config
    port=$(client_port)
    if (exec 3<>"/dev/tcp/$(client_host)/$port") 2>/dev/null; then
      echo "zookeeper ($NAME): $(client_host):$port is in use by another process" >&2
      exit 1
    fi
    nohup java ${DROVER_ZK_JAVA_OPTS:-} -Dzookeeper.admin.enableServer=false \
      -Dlogback.configurationFile=conf/logback.xml -cp "scheduler/target/lib/*" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$EFFECTIVE" >>"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/$(client_host)/$port") 2>/dev/null; then
        echo "zookeeper ($NAME) started on port $port (pid $(cat "$PID_FILE"))"
        exit 0
      fi
      if ! exists "$(cat "$PID_FILE")"; then
        echo "zookeeper ($NAME) exited at start; see $LOG_FILE" >&2
        rm -f "$PID_FILE"
        exit 1
      fi
      sleep 0.1
    done
    echo "zookeeper ($NAME) did not open port $port in 10 s; see $LOG_FILE" >&2
    exit 1
    ;;
  stop)
    if ! running; then echo "zookeeper ($NAME) is not running"; rm -f "$PID_FILE"; exit 0; fi
    pid=$(cat "$PID_FILE")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then echo "zookeeper ($NAME) did not stop in 10 s; killing it"; kill -KILL "$pid"; fi
    rm -f "$PID_FILE"
    echo "zookeeper ($NAME) stopped"
    ;;
  status)
    if running; then
      m=$(if [ -f "$EFFECTIVE" ]; then mode; fi)
      echo "zookeeper ($NAME) is running (pid $(cat "$PID_FILE"), ${m:+mode $m, }port $(client_port))"
    else
      echo "zookeeper ($NAME) is not running"; exit 3
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
