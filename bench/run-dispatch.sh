#!/usr/bin/env bash
# Dispatch round trip on the real transport (no database): a transport server and two workers on 127.0.0.1.
#   bench/run-dispatch.sh [seconds] [window]     defaults 10 512
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/build.sh
source bench/build.sh
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -cp "$BENCH_CP" \
  io.drover.bench.DispatchBench "$@"
