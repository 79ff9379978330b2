#!/usr/bin/env bash
# Rolling restart with real processes (scenario "rolling-restart"): an infrastructure process (embedded ZooKeeper
# and MariaDB), three Drover server processes, a worker process and three apps with a FIXED_RATE 100 ms job each,
# all on free ports of 127.0.0.1. Each server in turn is stopped with SIGTERM (it hands its apps over before it
# exits), restarted and awaited healthy; the handover gap is the longest pause in the affected apps' fires. At the
# end the jobs' fire times are audited (duplicates, misses). Prints a markdown table and writes the result as JSON
# (bench/results/rolling-restart-<time>.json, or --result FILE).
#
#   bench/run-rolling-restart.sh [--smoke]       --smoke: 2 servers, 2 apps, each server once, short settles
#   more: --rounds N (3: each server once), --apps N (3), --period MS (100), --servers N (3), --settle-ms MS (3000),
#         --server-heap SIZE (256m), --keep-logs, --result FILE
#
# Environment: as bench/run-failover.sh (DROVER_BENCH_DB_URL..., JAVA_OPTS, -Ddrover.* passed on to the servers).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx256m} -cp "$BENCH_CP" io.drover.bench.procs.RollingRestartBench "$@"
