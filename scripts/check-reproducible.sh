#!/usr/bin/env bash
# Proves the published artifacts are reproducible: builds them twice from clean copies of the
# committed tree (HEAD), in two different directories and minutes apart, and compares the
# SHA-256 of every jar. Exits non-zero and shows the differing files if any differs.
# Usage: scripts/check-reproducible.sh   (commit first: uncommitted changes are not built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
modules=sdk-core,sdk-grpc,sdk-logback-appender,sdk-log4j2-appender,sdk-bom

for run in first second; do
  mkdir -p "$work/$run"
  git -C "$root" archive HEAD | tar -x -C "$work/$run"
  (cd "$work/$run" && ./mvnw -B -q -pl "$modules" -am package -DskipTests)
  # The modules' own jars (main, tests, -sources, -javadoc); not third-party jars copied for tests.
  (cd "$work/$run" && find . -mindepth 3 -maxdepth 3 -path './*/target/*.jar' \
      -not -path './samples/*' -not -path './benchmarks/*' | sort | xargs sha256sum) \
      > "$work/$run.sha256"
done

echo "Files compared: $(wc -l < "$work/first.sha256")"; cat "$work/first.sha256"
if diff "$work/first.sha256" "$work/second.sha256"; then
  echo "Reproducible: every jar is byte-identical across the two builds."
else
  echo "NOT reproducible: the jars above differ." >&2
  exit 1
fi
