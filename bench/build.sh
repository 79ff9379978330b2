# Sourced by the bench scripts (from the repository root): builds the bench module and what it needs, offline
# first, then once with the network for missing dependencies, and writes its class path to
# bench/target/classpath.txt. Sets BENCH_CP to the whole class path, and BENCH_GIT to the revision measured (short
# hash, "-dirty" with uncommitted changes, "unknown" outside git).
build=(-q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
if ! mvn -o "${build[@]}"; then
  echo "Offline build failed; trying once with the network to fetch missing dependencies" >&2
  mvn "${build[@]}"
fi
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
export BENCH_CP
BENCH_GIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$BENCH_GIT" != unknown ] && ! git diff --quiet HEAD 2>/dev/null; then BENCH_GIT="$BENCH_GIT-dirty"; fi
export BENCH_GIT
