#!/usr/bin/env bash
# Builds poolkit-bench and runs its JMH benchmarks, writing the results as JSON into docs/benchmarks/.
#
# Usage: poolkit-bench/run.sh [JMH arguments...]
#   Every argument is passed to JMH unchanged; see `poolkit-bench/run.sh -h` for JMH's options.
#   The result file is docs/benchmarks/<first argument if it names a benchmark, else "jmh">-<UTC time>.json;
#   its "jvm" entry names the JDK home as "<JDK home>".
#
# Examples:
#   poolkit-bench/run.sh AcquireReleaseBenchmark -e Keyed -f 1 -wi 2 -i 5 -w 1s -r 1s -prof gc   # the full comparison
#   poolkit-bench/run.sh AcquireReleaseBenchmark.threads04 -p pool=poolkit,stormpot -p size=4 -prof gc
#   poolkit-bench/run.sh -l                                                            # list benchmarks
#
# Environment:
#   POOLKIT_BENCH_SKIP_BUILD=1  use the existing poolkit-bench/target/benchmarks.jar
#   JAVA_HOME etc.              bin/find-jdk picks the newest JDK >= 21 it finds (see that script)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${POOLKIT_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -pl poolkit-bench -am package -DskipTests
fi
java_home=$(bin/find-jdk)

name=jmh
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  name=$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_')
fi
mkdir -p docs/benchmarks
out="docs/benchmarks/$name-$(date -u +%Y%m%dT%H%M%SZ).json"

echo "run.sh: $("$java_home/bin/java" -version 2>&1 | head -n 1); results -> $out" >&2
"$java_home/bin/java" -jar poolkit-bench/target/benchmarks.jar -rf json -rff "$out" "$@"
# The JSON records the JVM's path; keep this machine's layout out of committed results.
if [ -f "$out" ]; then
  sed -i "s#\"jvm\" : \"$java_home/#\"jvm\" : \"<JDK home>/#" "$out"
fi
