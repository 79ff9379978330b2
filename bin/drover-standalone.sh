#!/usr/bin/env bash
# Drover in one command: embedded ZooKeeper and MariaDB (data kept under data/), one server on
# http://127.0.0.1:7700 and the demo worker, with a demo job every 5 seconds. Ctrl-C stops all of it.
# The HTTP API needs a token: an admin token is created at first start, kept in data/standalone.token and printed
# at every start, e.g.  curl -H "Authorization: Bearer $(cat data/standalone.token)" http://127.0.0.1:7700/api/v1/apps
#
# Environment: DROVER_STANDALONE_DATA_DIR (data), DROVER_HTTP_PORT (7700), DROVER_TRANSPORT_PORT (7701),
# DROVER_STANDALONE_ZK_PORT (7781), DROVER_STANDALONE_DB_PORT (7706), DROVER_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

jar() { ls examples/target/drover-examples-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true; }

stale() {
  local j
  j=$(jar)
  [ -z "$j" ] && return 0
  [ -d examples/target/lib ] || return 0
  [ -n "$(find protocol coordination scheduler worker examples sql pom.xml -newer "$j" \
      \( -name '*.java' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.xml' \) -not -path '*/target/*' -print -quit)" ]
}

if stale; then
  echo "Building Drover (the first build downloads dependencies and takes a few minutes)..."
  mvn -q -B -DskipTests -pl examples -am package
fi

command -v java >/dev/null || { echo "drover: java (17+) is required" >&2; exit 1; }
exec java ${DROVER_JAVA_OPTS:-} -Dlogback.configurationFile=conf/logback.xml \
  -cp "$(jar):examples/target/lib/*" io.drover.examples.Standalone
