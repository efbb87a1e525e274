#!/usr/bin/env bash
# Runs every benchmark with the settings quoted in README.md and writes JMH's log, its JSON and the summary
# table (GB/s, medians, ratios, alloc/op) to OUT. The machine is shared, so the settings stay modest.
#   usage: benchmarks/run-all.sh [JAVA_HOME] [OUT]      (from the repository root, after the package step)
set -euo pipefail
JAVA_HOME_ARG=${1:-${JAVA_HOME:-}}
JAVA=${JAVA_HOME_ARG:+$JAVA_HOME_ARG/bin/}java
OUT=${2:-benchmarks/results}
JAR=${JAR:-benchmarks/target-jmh/benchmarks.jar}
mkdir -p "$OUT"
VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
NAME="$OUT/jdk-$VERSION"
# -prof gc on every run: alloc/op is part of the table (0 B/op is the expected answer for most rows).
"$JAVA" -cp "$JAR" io.github.wsboot.benchmarks.Summary \
    -f 2 -wi 3 -i 5 -w 1s -r 1s -prof gc -rf json -rff "$NAME.json" \
    "${@:3}" 2>&1 | tee "$NAME.log" | sed -n '/^JDK /,$p' > "$NAME.md"
cat "$NAME.md"
