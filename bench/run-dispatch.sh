#!/usr/bin/env bash
# Dispatch round trip on the real transport (no database): a transport server and two workers on 127.0.0.1.
#   bench/run-dispatch.sh [seconds] [window]     defaults 10 512
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
if ! mvn -o "${build[@]}"; then
  echo "Offline build failed; trying once with the network to fetch missing dependencies" >&2
  mvn "${build[@]}"
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.drover.bench.DispatchBench "$@"
