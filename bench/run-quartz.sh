#!/usr/bin/env bash
# Scenario "quartz": Quartz 2.5 with its clustered JDBC store (JobStoreTX) on an embedded MariaDB, the same job
# shape as the schedule load driver (N jobs every second, a no-op job, first fires spread over one period), all in
# one JVM on 127.0.0.1. Prints a markdown table and writes a ScenarioResult to bench/results/quartz-<timestamp>.json
# (or to --result FILE). Not part of the tests (its smoke mode is).
#
#   bench/run-quartz.sh [jobs] [seconds]        defaults 10000 60
#   bench/run-quartz.sh --smoke                  20 jobs, 3 s warm-up, 5 s window
#   more: --warmup S (10), --settle S (30), --period-ms MS (1000), --threads N (16), --nodes N (1),
#         --pool N (threads + 3), --fire-ahead-ms MS (0), --result FILE
#
# Environment: DROVER_BENCH_DB_URL (+ _USER, _PASSWORD) to use a MySQL server instead of the embedded MariaDB (a
# fresh database quartz_bench_<time>_<pid> is created there and dropped afterwards unless DROVER_BENCH_KEEP_DB=true);
# JAVA_OPTS for the JVM (default -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx2g} -Dbench.git="$BENCH_GIT" \
  -cp "$BENCH_CP" io.drover.bench.quartz.QuartzBench "$@"
