#!/usr/bin/env bash
# Failover benchmark with real processes: an embedded ZooKeeper + MariaDB process, three servers started by
# bin/drover-server.sh, the demo worker, and a FIXED_RATE job. Each round kill -9s the app's leader and measures
# the time until the successor records its first fire; the killed server is restarted before the next round.
# At the end the job's fire times are audited: duplicates and missing fires.
#   bench/failover.sh [rounds=10] [kill|stop]   (env PERIOD_MS=200, DROVER_ZK_SESSION_TIMEOUT_MS=5000)
# "stop" stops the leader cleanly with bin/drover-server.sh stop instead: the figure is then the handover gap
# (maxGapMs: the longest pause in recording fires, less the period).
# Everything listens on 127.0.0.1 ports 17701-17713, 17706 and 17781.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-10}
MODE=${2:-kill}
PERIOD=${PERIOD_MS:-200}
WORK=$(mktemp -d /tmp/drover-failover.XXXXXX)
SERVERS="1 2 3"

echo "Building..." >&2
mvn -q -B -DskipTests -pl examples,bench -am package
CP_EX="$(ls examples/target/drover-examples-*.jar | head -n 1):examples/target/lib/*"
(cd bench && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
CP_BENCH="bench/target/classes:$(cat bench/target/classpath.txt)"

INFRA_PID=""
WORKER_PID=""
cleanup() {
  for id in $SERVERS; do DROVER_SERVER_ID=fo-$id bin/drover-server.sh stop >/dev/null 2>&1 || true; done
  [ -n "$WORKER_PID" ] && kill "$WORKER_PID" 2>/dev/null || true
  [ -n "$INFRA_PID" ] && kill "$INFRA_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

java -cp "$CP_EX" io.drover.examples.EmbeddedInfra "$WORK" 17781 17706 >"$WORK/infra.log" 2>&1 &
INFRA_PID=$!
for _ in $(seq 1 600); do grep -q READY "$WORK/infra.log" && break; sleep 0.2; done
grep -q READY "$WORK/infra.log" || { echo "infrastructure did not start:"; cat "$WORK/infra.log"; exit 1; }

export DROVER_ZK_CONNECT=127.0.0.1:17781
export DROVER_DB_URL=jdbc:mysql://127.0.0.1:17706/drover DROVER_DB_USER=root DROVER_DB_PASSWORD=
export DROVER_ZK_SESSION_TIMEOUT_MS=${DROVER_ZK_SESSION_TIMEOUT_MS:-5000}
# a closed loopback setup: the bench's curl calls carry no API token
export DROVER_API_AUTH_ENABLED=false

now_ms() { date +%s%3N; }
healthy() { curl -sf "http://127.0.0.1:1770$1/health" >/dev/null 2>&1; }
start_server() {
  DROVER_SERVER_ID=fo-$1 DROVER_HTTP_PORT=1770$1 DROVER_TRANSPORT_PORT=1771$1 bin/drover-server.sh start >/dev/null
  for _ in $(seq 1 300); do healthy "$1" && return 0; sleep 0.1; done
  echo "server fo-$1 did not become healthy" >&2; exit 1
}
for id in $SERVERS; do start_server "$id"; done

API=http://127.0.0.1:17701/api/v1
curl -sf -X POST "$API/apps" -H 'Content-Type: application/json' -d '{"name":"bench","secret":"bench-secret"}' >/dev/null
JOB=$(curl -sf -X POST "$API/jobs" -H 'Content-Type: application/json' -d "{\"app\":\"bench\",\"name\":\"failover\",\
\"scheduleType\":\"FIXED_RATE\",\"scheduleExpr\":\"$PERIOD\",\"processor\":\"echo\"}" | grep -o '"id":[0-9]*' | cut -d: -f2)
DROVER_WORKER_APP=bench DROVER_WORKER_SECRET=bench-secret \
  DROVER_WORKER_SERVERS=127.0.0.1:17711,127.0.0.1:17712,127.0.0.1:17713 \
  bin/drover-worker-demo.sh >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
sleep 5

results=()
for round in $(seq 1 "$ROUNDS"); do
  leader=""
  for id in $SERVERS; do healthy "$id" && API=http://127.0.0.1:1770$id/api/v1 && \
    leader=$(curl -sf "$API/apps" | grep -o '"leader":"[^"]*"' | head -n 1 | cut -d'"' -f4) && break; done
  [ -n "$leader" ] || { echo "no leader found" >&2; exit 1; }
  lid=${leader#fo-}
  pid=$(cat "logs/drover-server-$leader.pid")
  t0=$(now_ms)
  if [ "$MODE" = stop ]; then
    DROVER_SERVER_ID=$leader bin/drover-server.sh stop >/dev/null
  else
    kill -9 "$pid"
  fi
  survivor=$(for id in $SERVERS; do [ "$id" != "$lid" ] && echo "$id" && break; done)
  SAPI=http://127.0.0.1:1770$survivor/api/v1
  first=""
  for _ in $(seq 1 600); do
    created=$(curl -sf "$SAPI/instances?app=bench&limit=1" | grep -o '"createdAt":[0-9]*' | cut -d: -f2 || true)
    if [ -n "$created" ] && [ "$created" -gt "$t0" ]; then first=$((created - t0)); break; fi
    sleep 0.05
  done
  [ -n "$first" ] || { echo "round $round: no fire within 30 s after killing $leader" >&2; exit 1; }
  echo "round $round: $MODE $leader, successor's first fire after $first ms" >&2
  results+=("$first")
  rm -f "logs/drover-server-$leader.pid"
  start_server "$lid"
  sleep 3
done

curl -sf -X POST "$SAPI/jobs/$JOB/disable" >/dev/null
sleep 2
audit=$(java -cp "$CP_BENCH" io.drover.bench.FireAudit "$DROVER_DB_URL" root "" "$JOB" "$PERIOD")
sorted=$(printf '%s\n' "${results[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}')
max=$(echo "$sorted" | tail -n 1)
echo
echo "| mode | rounds | session timeout | first fire after, median | max | audit |"
echo "|---|---|---|---|---|---|"
echo "| $MODE | $ROUNDS | $DROVER_ZK_SESSION_TIMEOUT_MS ms | $median ms | $max ms | $(echo "$audit" | tr ' ' ',') |"
