#!/usr/bin/env bash
# Map-reduce at scale: one MAP_REDUCE instance of N no-op subtasks over 3 worker processes (-Xmx512m each) through
# one Drover server (embedded ZooKeeper and MariaDB) that relays every subtask and result. Prints wall time and each
# worker's peak used heap.
#   bench/run-map-reduce.sh [subtasks] [--capacity N] [--worker-heap 512m]     defaults 1000000, 16, 512m
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -cp "$BENCH_CP" \
  io.drover.bench.MapReduceBench "$@"
