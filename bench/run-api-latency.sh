#!/usr/bin/env bash
# API run → processor start on the whole real path (HTTP, database, transport, worker), at fixed rates.
#   bench/run-api-latency.sh [seconds per rate] [rate...]     defaults 10 100 1000
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -cp "$BENCH_CP" \
  io.drover.bench.ApiRunBench "$@"
