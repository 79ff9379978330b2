#!/usr/bin/env bash
# Scheduling load driver: one Drover server, an embedded ZooKeeper and MariaDB, and workers, all in one JVM on
# 127.0.0.1; N FIXED_RATE jobs created over HTTP; a measured window read back from the database. Prints a markdown
# table and writes bench/results/schedule-load-<timestamp>.json. Not part of the tests (its smoke mode is).
#
#   bench/run-schedule-load.sh [jobs] [seconds] [workers]    defaults 10000 60 2
#   bench/run-schedule-load.sh --smoke                        50 jobs for 5 s: the whole path, quickly
#   more: --warmup S (10), --settle S (30), --capacity N (64), --period MS (1000), --create-threads N (8)
#
# Environment: DROVER_BENCH_DB_URL (+ _USER, _PASSWORD) to use a MySQL server instead of the embedded MariaDB (a
# fresh database is created there and dropped afterwards unless DROVER_BENCH_KEEP_DB=true); JAVA_OPTS for the JVM
# (default -Xmx2g); -Ddrover.* in JAVA_OPTS overrides server settings (e.g. -Ddrover.trigger.tick-ms=100).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx2g} -Dbench.git="$BENCH_GIT" \
  -cp "$BENCH_CP" io.drover.bench.ScheduleLoadBench "$@"
