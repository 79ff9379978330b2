#!/usr/bin/env bash
# Failover with real processes (scenario "failover"): an infrastructure process (embedded ZooKeeper and MariaDB),
# three Drover server processes, a worker process and one FIXED_RATE 200 ms job, all on free ports of 127.0.0.1.
# Each round kill -9s the app's leader and measures the time until its successor records its first fire, then
# restarts the killed server. At the end the job's fire times are audited (duplicates, misses). Prints a markdown
# table and writes the result as JSON (bench/results/failover-<time>.json, or --result FILE).
#
#   bench/run-failover.sh [rounds] [--smoke]     rounds default 10; --smoke: 2 servers, 2 rounds, short settles
#   more: --period MS (200), --session-timeout-ms MS (5000), --servers N (3), --settle-ms MS (3000),
#         --server-heap SIZE (256m), --keep-logs, --result FILE
#
# Environment: DROVER_BENCH_DB_URL (+ _USER, _PASSWORD) to use a MySQL server instead of the embedded MariaDB (a
# fresh database is created there and dropped afterwards unless DROVER_BENCH_KEEP_DB=true); JAVA_OPTS for the bench
# JVM; -Ddrover.* in JAVA_OPTS is passed on to the servers (e.g. -Ddrover.trigger.tick-ms=100).
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
  args=(--rounds "$1")
  shift
fi
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx256m} -cp "$BENCH_CP" io.drover.bench.procs.FailoverBench ${args[@]+"${args[@]}"} "$@"
