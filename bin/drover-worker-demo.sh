#!/usr/bin/env bash
# Runs the demo worker (examples/) against running servers; see conf/worker.properties.
#   DROVER_WORKER_SERVERS=127.0.0.1:7701 bin/drover-worker-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls examples/target/drover-examples-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ ! -d examples/target/lib ]; then
  mvn -q -B -DskipTests -pl examples -am package
  jar=$(ls examples/target/drover-examples-*.jar | head -n 1)
fi
props=()
while IFS='=' read -r k v; do
  [[ -z "$k" || "$k" == \#* ]] && continue
  env_name=$(echo "$k" | tr 'a-z.-' 'A-Z__')
  [ -n "${!env_name:-}" ] && continue   # the environment overrides the file
  props+=("-D$k=$v")
done < conf/worker.properties
exec java "${props[@]}" -Dlogback.configurationFile=conf/logback.xml -cp "$jar:examples/target/lib/*" \
  io.drover.examples.DemoWorker
