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
  # the speed of this (virtual) machine's CPU at the time: it varies by tens of percent between runs on a shared host
  command -v openssl >/dev/null && echo "cpu reference (openssl speed sha256, 8 KiB blocks): $(openssl speed -seconds 1 sha256 2>/dev/null | awk '/^sha256/ {print $6}')"
} | tee "$out/machine.txt"
# C1 only: with C2 the load generator's own JVM spent up to 140 us of compiler CPU per ticket (measured by thread),
# taken from the server on the two shared cores; its lean client code needs no more than C1.
java -Xmx512m -XX:TieredStopAtLevel=1 "$@" -cp "$out/classes:$cp" org.clinickiosk.bench.Bench target/clinic-kiosk.jar "$work" \
  | tee "$out/results.txt"
