#!/usr/bin/env bash
# API run → processor start on the whole real path (HTTP, database, transport, worker), at fixed rates.
#   bench/run-api-latency.sh [seconds per rate] [rate...]     defaults 10 100 1000
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
if ! mvn -o "${build[@]}"; then
  echo "Offline build failed; trying once with the network to fetch missing dependencies" >&2
  mvn "${build[@]}"
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.drover.bench.ApiRunBench "$@"
