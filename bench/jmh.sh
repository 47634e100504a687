#!/usr/bin/env bash
# JMH micro-benchmarks (src/test/java/org/cruddur/bench): ns/op and, with the GC profiler, bytes allocated per op.
#   bench/jmh.sh                       # all benchmarks
#   bench/jmh.sh XrayTranslation -f 2  # any JMH arguments
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-./mvnw}
"$MVN" -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main -prof gc "${@:-XrayTranslationBenchmark}"
