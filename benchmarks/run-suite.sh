#!/usr/bin/env bash
# The whole benchmark suite, then its report, in one command (from anywhere in the repository):
#
#   benchmarks/run-suite.sh                                  # the full suite: ~40 min on 2 cores
#   benchmarks/run-suite.sh -wi 0 -i 2 -p roundSeconds=1     # a smoke run (~13 min): proves it
#                                                            # works; its figures mean nothing
#   benchmarks/run-suite.sh CapacityBenchmark -p threads=4   # one scenario, narrowed
#   benchmarks/run-suite.sh 'ProxyBenchmark|FailoverBenchmark' # real proxies, two clusters: ~7 min
#
# Builds benchmarks.jar, then runs dev.tributary.benchmarks.Suite: it starts a Kafka broker in a
# JVM of its own (and, for ProxyBenchmark, kafka-pixy and the Strimzi bridge from
# ../shared/peers in front of it), runs the JMH benchmarks against it (arguments are JMH's,
# after the suite's benchmark pattern unless you give one), stops them and writes into $OUT (default
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
