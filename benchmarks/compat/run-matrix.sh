#!/usr/bin/env bash
# Compatibility matrix: runs the hand-over, end-to-end, conformance (both roles) and reliability suites against
# each Tomcat 11.0.x, Jetty 12.1.x and Spring Boot version a user may run, on each JDK, and writes a markdown
# table (one row per cell, each cell a result). Versions are switched with Maven properties only: the build's
# Boot BOM takes -Dtomcat.version / -Djetty.version, and -Dspring-boot.version swaps the whole BOM.
#
#   benchmarks/compat/run-matrix.sh                 # the full matrix (hours: run before a release)
#   benchmarks/compat/run-matrix.sh --ci            # CI's short pass: oldest Tomcat + newest Boot, a subset
#   benchmarks/compat/run-matrix.sh --axis tomcat --versions "11.0.13 11.0.29" --jdk 17
#
# Options: --axis tomcat|jetty|boot|all, --versions "v1 v2", --jdk 17|25|all, --suites quick|full,
#          --out FILE (default benchmarks/compat/results/matrix-<timestamp>.md), --offline (mvn -o).
# Exit status: 0 when every cell passed, 1 otherwise. The table is written either way.
# A version the registry does not serve (on 2026-12-08: Tomcat 11.0.16, 11.0.17, 11.0.19 and 11.0.28, and
# tomcat-annotations-api 11.0.23) gets a "not run" row naming the missing artifact: nothing was tested, so it is
# neither a pass nor a failure.
set -uo pipefail
cd "$(dirname "$0")/../.."

TOMCATS="11.0.13 11.0.14 11.0.15 11.0.16 11.0.17 11.0.18 11.0.19 11.0.20 11.0.21 11.0.22 11.0.23 11.0.24 11.0.25 11.0.26 11.0.27 11.0.28 11.0.29"
JETTYS="12.1.3 12.1.4 12.1.5 12.1.6 12.1.7 12.1.8 12.1.9 12.1.10 12.1.11 12.1.12 12.1.13 12.1.14"
BOOTS="4.0.7 4.1.2"
# Boot 4.1.2's BOM needs a Netty it does not pin itself.
boot_extra() { case "$1" in 4.1.*) echo "-Dnetty.version=4.2.18.Final" ;; *) echo "" ;; esac; }

axis=all versions="" jdks=all suites=full out="" offline="" ci=false
while [ $# -gt 0 ]; do
  case "$1" in
    --axis) axis="$2"; shift 2 ;;
    --versions) versions="$2"; shift 2 ;;
    --jdk) jdks="$2"; shift 2 ;;
    --suites) suites="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --offline) offline="-o"; shift ;;
    --ci) ci=true; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

jdk_home() {
  case "$1" in
    17) for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do [ -d "$d" ] && { echo "$d"; return; }; done ;;
    25) for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do [ -d "$d" ] && { echo "$d"; return; }; done ;;
  esac
  echo ""
}

# Test selections. Hand-over: how the container gives the connection up, the fallback, Tomcat's transports.
TAKEOVER="ContainerHandOverTest,HandOverFallbackTest,TomcatTransportTest,TomcatDeadlineTest,JdkClientInteropTest"
CONFORMANCE="ServerConformanceTest,ClientConformanceTest"
RELIABILITY="ChurnTest,FaultsTest,HostileHandshakeTest,ResourceAttackTest,IdleConnectionsTest"
E2E="TomcatEndToEndTests,JettyEndToEndTests,VirtualThreadsEndToEndTests,ContainerVariantsTests,ClientLimitsTests"
SAMPLE="io/github/wsboot/sample/**/*"
STARTER_RELIABILITY="TomcatChurnTests,JettyChurnTests,TomcatHostileHandshakeTests,JettyHostileHandshakeTests,GracefulShutdownTests"

core_tests() { [ "$suites" = quick ] && echo "$TAKEOVER" || echo "$TAKEOVER,$CONFORMANCE,$RELIABILITY"; }
starter_tests() { [ "$suites" = quick ] && echo "$E2E" || echo "$E2E,$STARTER_RELIABILITY"; }

mkdir -p benchmarks/compat/results target
[ -n "$out" ] || out="benchmarks/compat/results/matrix-$(date -u +%Y%m%dT%H%M%SZ).md"
log_dir="target/compat-logs"
mkdir -p "$log_dir"

rows=()
failed=0

# run_cell AXIS VERSION JDK MODULES TESTS MAVEN_PROPERTIES...
run_cell() {
  local axis_name="$1" version="$2" jdk="$3" modules="$4" tests="$5"; shift 5
  local home; home="$(jdk_home "$jdk")"
  local log="$log_dir/${axis_name}-${version}-java${jdk}.log"
  if [ -z "$home" ]; then
    rows+=("| $axis_name | $version | $jdk | not run: no JDK $jdk installed | |")
    return
  fi
  local start=$SECONDS
  echo "== $axis_name $version on Java $jdk ($modules)" >&2
  JAVA_HOME="$home" ./mvnw -B $offline -pl "$modules" -am test "$@" \
      -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  local rc=$?
  local counts
  counts="$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$log" | grep -v ' -- in ' \
      | awk -F'[:,]' '{r+=$2; f+=$4; e+=$6; s+=$8} END {printf "%d run, %d failed, %d errors, %d skipped", r, f, e, s}')"
  local minutes=$(( (SECONDS - start + 59) / 60 ))
  local missing
  missing="$(grep -m1 -oE 'Could not find artifact [^ ]+' "$log" | sed 's/Could not find artifact //')"
  if [ $rc -ne 0 ] && [ -n "$missing" ]; then
    # Not a result: the registry does not serve this version (or one of its artifacts), so nothing was tested.
    rows+=("| $axis_name | $version | $jdk | not run: the registry does not serve \`$missing\` | ${minutes} min |")
    return
  fi
  if [ $rc -eq 0 ]; then
    rows+=("| $axis_name | $version | $jdk | pass ($counts) | ${minutes} min |")
  else
    failed=1
    rows+=("| $axis_name | $version | $jdk | **FAIL** ($counts; log: $log) | ${minutes} min |")
  fi
}

jdk_list() { [ "$jdks" = all ] && echo "17 25" || echo "$jdks"; }

if $ci; then
  # CI's short pass: the oldest supported Tomcat under ws-core's hand-over tests, and the newest Boot under the
  # starter's end-to-end tests and the sample app's tests, on the default JDK.
  run_cell tomcat 11.0.13 17 ws-core "$TAKEOVER" -Dtomcat.version=11.0.13
  # One reactor build for both modules: the starter's end-to-end tests and the sample app's tests.
  run_cell boot 4.1.2 17 ws-spring-boot-autoconfigure,sample-app "$E2E,$SAMPLE" -Dspring-boot.version=4.1.2 \
      $(boot_extra 4.1.2)
else
  for jdk in $(jdk_list); do
    if [ "$axis" = all ] || [ "$axis" = tomcat ]; then
      for v in ${versions:-$TOMCATS}; do run_cell tomcat "$v" "$jdk" ws-core "$(core_tests)" -Dtomcat.version="$v"; done
    fi
    if [ "$axis" = all ] || [ "$axis" = jetty ]; then
      for v in ${versions:-$JETTYS}; do run_cell jetty "$v" "$jdk" ws-core "$(core_tests)" -Djetty.version="$v"; done
    fi
    if [ "$axis" = all ] || [ "$axis" = boot ]; then
      for v in ${versions:-$BOOTS}; do
        run_cell boot "$v" "$jdk" ws-spring-boot-autoconfigure "$(starter_tests)" \
            -Dspring-boot.version="$v" $(boot_extra "$v")
        run_cell sample-app "$v" "$jdk" sample-app "$SAMPLE" -Dspring-boot.version="$v" $(boot_extra "$v")
      done
    fi
  done
fi

{
  echo "# Compatibility matrix, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "Suites: $($ci && echo "CI pass (hand-over on the oldest Tomcat; starter end-to-end and sample app on the newest Boot)" || echo "$suites")."
  echo
  echo "| Axis | Version | Java | Result | Time |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
cat "$out"
exit $failed
