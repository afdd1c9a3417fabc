#!/usr/bin/env bash
# The whole benchmark suite, then its report, in one command (from anywhere in the repository):
#
#   benchmarks/run-suite.sh                                  # the full suite: ~33 min on 2 cores
#   benchmarks/run-suite.sh -wi 0 -i 2 -p roundSeconds=1     # a smoke run (~9 min): proves it
#                                                            # works; its figures mean nothing
#   benchmarks/run-suite.sh CapacityBenchmark -p threads=4   # one scenario, narrowed
#
# Builds benchmarks.jar, then runs dev.tributary.benchmarks.Suite: it starts a Kafka broker in a
# JVM of its own, runs the JMH benchmarks against it (arguments are JMH's, after the suite's
# benchmark pattern unless you give one), stops the broker and writes into $OUT (default
# benchmarks/results): jmh.json (JMH's results), jmh.log (its console output), run.properties
# (machine, load average before and after, wall time, command), results.md and results.png
# (the report). Run it on an otherwise idle machine: broker, shippers and application threads
# share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-benchmarks/results}
JAR=benchmarks/target/benchmarks.jar

./mvnw -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$OUT"
java -Dtributary.bench.out="$OUT" -Dtributary.bench.command="benchmarks/run-suite.sh${*:+ $*}" \
    -cp "$JAR" dev.tributary.benchmarks.Suite "$@" 2>&1 | tee "$OUT/jmh.log"
