#!/usr/bin/env bash
# Micro-benchmarks of hot code (JMH): frame codec, next-fire computation. Not part of the tests.
#   bench/run-jmh.sh [JMH args, e.g. FrameCodec -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl bench -am package
(cd bench && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
cp=$(cat bench/target/classpath.txt)
exec java -cp "bench/target/classes:$cp" org.openjdk.jmh.Main "$@"
