#!/usr/bin/env bash
# Runs a real ZooKeeper node from the zookeeper jar and conf/zoo.cfg (or DROVER_ZK_CONFIG).
#   bin/drover-zk.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${DROVER_ZK_CONFIG:-conf/zoo.cfg}
NAME=$(basename "$CONFIG" .cfg)
PID_FILE="logs/drover-zk-$NAME.pid"
LOG_FILE="logs/drover-zk-$NAME.log"
mkdir -p logs

if [ ! -d scheduler/target/lib ]; then
  echo "Building Drover (for the zookeeper jar)..."
  mvn -q -B -DskipTests -pl scheduler -am package
fi
running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then echo "zookeeper ($NAME) is running (pid $(cat "$PID_FILE"))"; exit 0; fi
    data=$(grep -E '^dataDir=' "$CONFIG" | cut -d= -f2)
    mkdir -p "$data"
    nohup java -Dzookeeper.admin.enableServer=false -Dlogback.configurationFile=conf/logback.xml \
      -cp "scheduler/target/lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain "$CONFIG" >>"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    port=$(grep -E '^clientPort=' "$CONFIG" | cut -d= -f2)
    for _ in $(seq 1 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "zookeeper ($NAME) started on port $port (pid $(cat "$PID_FILE"))"; exit 0; }
      sleep 0.1
    done
    echo "zookeeper ($NAME) did not open port $port in 10 s; see $LOG_FILE" >&2
    exit 1
    ;;
  stop)
    if ! running; then echo "zookeeper ($NAME) is not running"; rm -f "$PID_FILE"; exit 0; fi
    kill -TERM "$(cat "$PID_FILE")"
    for _ in $(seq 1 100); do running || break; sleep 0.1; done
    running && kill -KILL "$(cat "$PID_FILE")"
    rm -f "$PID_FILE"
    echo "zookeeper ($NAME) stopped"
    ;;
  status)
    if running; then echo "zookeeper ($NAME) is running (pid $(cat "$PID_FILE"))"; else echo "zookeeper ($NAME) is not running"; exit 3; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
