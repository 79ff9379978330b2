#!/usr/bin/env bash
# Scenario 6 of the bench suite: N enabled CRON jobs firing once a minute each (default 1,000,000) on one Drover
# server, with an embedded ZooKeeper and MariaDB and two workers, all in one JVM on 127.0.0.1. Job 0 is created
# through the HTTP API, the rest are inserted straight into the job table (rows proven equal to the API's). Reports
# the used heap after a full GC without and with the jobs, the load time, and the lateness of a measured window.
# Writes an io.drover.bench.suite.ScenarioResult (bench/results/scale-<timestamp>.json unless --result FILE).
#
#   bench/run-scale.sh [jobs] [seconds]        defaults 1000000 120 (after a 60 s warm-up)
#   bench/run-scale.sh --smoke                 2,000 jobs, 10 s window: the whole path in under a minute
#   more: --warmup S (60), --settle S (60), --spread-seconds 1..60 (60), --workers N (2), --capacity N (64),
#         --batch ROWS (2000), --result FILE
#
# Environment: JAVA_OPTS for the JVM (default -Xmx1g: the goal is a million jobs in at most 1 GiB of heap, and
# the run proves it by running within it); -Ddrover.* in JAVA_OPTS overrides server settings.
# DROVER_BENCH_DB_URL (+ _USER, _PASSWORD) uses a fresh database on a MySQL server instead of the embedded MariaDB.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -Dbench.git="$BENCH_GIT" \
  -cp "$BENCH_CP" io.drover.bench.scale.ScaleBench "$@"
