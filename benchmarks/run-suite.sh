#!/usr/bin/env bash
# The whole benchmark suite, then its report, in one command (from anywhere in the repository):
#
#   benchmarks/run-suite.sh                      # the full suite, ~15-17 min on 2 cores
#   benchmarks/run-suite.sh -f 1 -wi 0 -i 1 -r 1 -p contestant=tributary-logback   # a smoke run
#
# Arguments are passed to JMH after the suite's benchmark pattern. Writes into $OUT
# (default benchmarks/results): jmh.json (JMH's results), jmh.log (its console output),
# run.properties (machine, load, wall time, command), results.md and results.png (the report).
# Run it on an otherwise idle machine: broker, shippers and application threads share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-benchmarks/results}
SUITE=${SUITE:-'LogShippingBenchmark|HttpTransportBenchmark|GrpcTransportBenchmark|SpoolBenchmark|OfferBenchmark'}
JAR=benchmarks/target/benchmarks.jar

./mvnw -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$OUT"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
mem=$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)
started=$(date -u +%Y-%m-%dT%H:%MZ)
load_before=$(loadavg)
t0=$(date +%s)

java -jar "$JAR" "$SUITE" -rf json -rff "$OUT/jmh.json" "$@" 2>&1 | tee "$OUT/jmh.log"

elapsed=$(( $(date +%s) - t0 ))
cat > "$OUT/run.properties" <<PROPS
machine=$(nproc) CPUs (${cpu:-unknown CPU}), ${mem}, $(uname -sr)
started=${started}
wallTime=$(( elapsed / 60 )) min $(( elapsed % 60 )) s
loadBefore=${load_before}
loadAfter=$(loadavg)
command=benchmarks/run-suite.sh${*:+ $*}
PROPS

java -cp "$JAR" dev.tributary.benchmarks.report.Report "$OUT/jmh.json" "$OUT"
