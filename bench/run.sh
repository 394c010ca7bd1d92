#!/usr/bin/env bash
# ClinicKiosk benchmark: builds the jar, compiles bench/src against the project's classpath (pom.xml untouched),
# runs every measurement once on this machine's disk and prints the results; see BENCHMARKS.md.
# Usage: bench/run.sh [-Dbench.serverJvm="..."] [-Dbench.tickets=3000] [-Dbench.sseClients=500] ...
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/target
mkdir -p "$out/classes"

mvn -q -B package -DskipTests
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp="target/classes:$(cat "$out/classpath.txt")"
javac -Xlint:all -d "$out/classes" -cp "$cp" $(find bench/src -name '*.java')

work="$out/run-$(date +%Y%m%d-%H%M%S)"   # on the same disk as the project
trap 'rm -rf "$work"' EXIT
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  free -m | sed -n 1,2p
  df -h "$PWD" | tail -1
  java -version 2>&1 | head -1
} | tee "$out/machine.txt"
java -Xmx512m "$@" -cp "$out/classes:$cp" org.clinickiosk.bench.Bench target/clinic-kiosk.jar "$work" \
  | tee "$out/results.txt"
