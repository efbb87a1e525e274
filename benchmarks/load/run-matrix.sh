#!/usr/bin/env bash
# The load benchmark in one command: builds everything, runs every server of SERVERS on CPU 0 and the load
# clients on CPU 1, RUNS times through the matrix, and prints the table (medians, spread, ratios to gorilla
# and to Spring/Tomcat). Results: benchmarks/results/load/<jdk>-<time>/{results.tsv,table.md,*.log}.
#
# Two independent load clients measure every cell in turn against the same server process: the project's
# Java client (one NIO selector thread, pre-masked frames) and a Go client on gorilla's own client
# (benchmarks/load/goclient, a goroutine per connection). The report's ratios use, per server, the worse of
# the two. The echo phase first measures COLD_CELL on the freshly started server (no warmup at all, cell
# echo-...-cold; the server is restarted for each further client so every client meets a cold server),
# then warms the server up and measures ECHO_CELLS.
#
#   benchmarks/load/run-matrix.sh                      # Java 17 (default JDK), 2 runs, 2 s warmup + 4 s per cell
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 VT=1 benchmarks/load/run-matrix.sh   # Java 25, virtual threads on
#   QUICK=1 benchmarks/load/run-matrix.sh              # the quick selection (see QUICK below), well under half the time
#
# Environment: RUNS (2), WARMUP (2 s per cell), DURATION (4 s), SERVER_WARMUP (8 s per fresh server), SERVERS, ECHO_CELLS, IDLE_CONNS (10000),
# BROADCAST_SUBS (1000), PHASES ("echo idle broadcast"), SKIP_BUILD=1, JVM_FLAGS (same for every JVM server),
# CLIENTS ("java go": the load clients, each measures every cell), COLD_CELL (conns:size:type measured cold,
# "64:65536:text"; empty: none), QUICK=1 (defaults for a quick look: 4 echo cells, 1 s warmup + 2 s per cell,
# 2000 idle connections, 200 subscribers; any variable set explicitly still wins).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd
if [ "${QUICK:-0}" = 1 ]; then
  WARMUP=${WARMUP:-1}
  DURATION=${DURATION:-2}
  SERVER_WARMUP=${SERVER_WARMUP:-4}
  ECHO_CELLS=${ECHO_CELLS:-"1:32:text 64:1024:text 1000:1024:text 8:1048576:binary"}
  IDLE_CONNS=${IDLE_CONNS:-2000}
  BROADCAST_SUBS=${BROADCAST_SUBS:-200}
fi
RUNS=${RUNS:-2}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-4}
VT=${VT:-0}
SERVERS=${SERVERS:-"gorilla netty jetty spring-tomcat ws-tomcat ws-jetty"}
ECHO_CELLS=${ECHO_CELLS:-"1:32:text 64:32:text 1000:32:text 1:1024:text 64:1024:text 1000:1024:text 1:65536:text 64:65536:text 1000:65536:text 8:1048576:binary"}
COLD_CELL=${COLD_CELL-"64:65536:text"}
CLIENTS=${CLIENTS:-"java go"}
IDLE_CONNS=${IDLE_CONNS:-10000}
BROADCAST_SUBS=${BROADCAST_SUBS:-1000}
PHASES=${PHASES:-"echo idle broadcast"}
JVM_FLAGS=${JVM_FLAGS:-"-Xms256m -Xmx2g -XX:+UseG1GC"}
PORT=${PORT:-18080}
SERVER_WARMUP=${SERVER_WARMUP:-8}
CLK_TCK=$(getconf CLK_TCK)

# --- tools -------------------------------------------------------------------------------------------
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/gorilla/websocket ]; then
  echo "installing golang-go and golang-github-gorilla-websocket-dev"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends golang-go golang-github-gorilla-websocket-dev
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
GORILLA=$ROOT/benchmarks/target/gorilla-server
GOCLIENT=$ROOT/benchmarks/target/go-load-client
(cd benchmarks/load/gorilla && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=${GOCACHE:-/tmp/ws-bench-gocache} \
  go build -o "$GORILLA" .)
(cd benchmarks/load/goclient && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=${GOCACHE:-/tmp/ws-bench-gocache} \
  go build -o "$GOCLIENT" .)
for c in $CLIENTS; do
  case $c in java|go) ;; *) echo "unknown client $c (CLIENTS: java go)" >&2; exit 2 ;; esac
done
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
OUT=$ROOT/benchmarks/results/load/jdk-$VERSION$([ "$VT" = 1 ] && echo -vt)-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
TSV=$OUT/results.tsv
{
  echo "# date: $(date -u +%FT%TZ)"
  echo "# jdk: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "# virtual threads: $VT; jvm flags: $JVM_FLAGS"
  echo "# machine: $(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# runs: $RUNS, warmup ${WARMUP}s, measure ${DURATION}s; load clients: $CLIENTS; cold cell: ${COLD_CELL:-none}"
  echo "# columns: run server cell metric value client"
} > "$TSV"

BOOT_COMMON="--server.port=$PORT --server.address=127.0.0.1 --spring.main.banner-mode=off --logging.level.root=WARN
  --server.tomcat.max-connections=20000 --server.tomcat.accept-count=1024 --ws.server.read-limit=16MB"
[ "$VT" = 1 ] && BOOT_COMMON="$BOOT_COMMON --spring.threads.virtual.enabled=true"

# start_server NAME PHASE: starts the server on CPU 0 and sets SERVER_PID.
start_server() {
  local name=$1 phase=$2 cmd
  # Spring/Tomcat allocates its message buffers for every session up front: 128 KiB for the echo cells, 2 MiB
  # only for the 1 MiB cell (2 MiB at 1,000 connections is 6 GB of buffers and ends in OutOfMemoryError).
  local big=""
  [ "$phase" = echo ] && big="--bench.max-message=131072"
  [ "$phase" = echo-big ] && big="--bench.max-message=2097152"
  case $name in
    gorilla)       cmd=("$GORILLA" -addr "127.0.0.1:$PORT") ;;
    netty)         cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.NettyServer "$PORT") ;;
    jetty)         cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.JettyServer "$PORT") ;;
    spring-tomcat) cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.springws.SpringWebSocketServer $BOOT_COMMON $big) ;;
    ws-tomcat)     cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.wsboot.WsBootServer tomcat $BOOT_COMMON) ;;
    ws-jetty)      cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.wsboot.WsBootServer jetty $BOOT_COMMON) ;;
    # The message-oriented model (an @OnMessage echo) on the starter, blocking and on the event engine (opt-in),
    # and ws-core's MessageListener echo without Spring on either engine (echo and idle only: no /broadcast).
    ws-tomcat-msg)    cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.wsboot.WsBootServer tomcat $BOOT_COMMON --bench.echo-model=message) ;;
    ws-tomcat-event)  cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.wsboot.WsBootServer tomcat $BOOT_COMMON --bench.echo-model=message --ws.server.engine=event) ;;
    ws-core-event)    cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.WsCoreListenerServer event "$PORT") ;;
    ws-core-blocking) cmd=("$JAVA" $JVM_FLAGS -cp "$CP" io.github.wsboot.benchmarks.load.servers.WsCoreListenerServer blocking "$PORT") ;;
    *) echo "unknown server $name" >&2; exit 2 ;;
  esac
  taskset -c 0 "${cmd[@]}" > "$OUT/$name-$phase-run$RUN.server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "$name died at startup, see $OUT/$name-$phase-run$RUN.server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$name did not listen within 60 s" >&2; return 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# client ARGS...: runs load client $CLIENT (java or go) on CPU 1 against the server, prints its RESULT line.
# Both take the same options (later ones win, so a cell's own --warmup overrides the default).
CLIENT=${CLIENTS%% *}
client() {
  local common=(--port "$PORT" --server-pid "$SERVER_PID" --clk-tck "$CLK_TCK" --warmup "$WARMUP" --duration "$DURATION")
  if [ "$CLIENT" = go ]; then
    taskset -c 1 "$GOCLIENT" "${common[@]}" "$@"
  else
    taskset -c 1 "$JAVA" -Xms512m -Xmx2g -XX:+UseParallelGC -cp "$CP" io.github.wsboot.benchmarks.load.LoadClient \
      "${common[@]}" "$@"
  fi
}

# The clients in this run's order: reversed on even runs, so neither always meets the server first.
clients_in_order() {
  if [ $((RUN % 2)) = 0 ]; then echo "$CLIENTS" | tr ' ' '\n' | tac | tr '\n' ' '; else echo "$CLIENTS"; fi
}

# record SERVER CELL LINE: appends each key=value of a RESULT line as a row of the TSV (sixth column: client).
record() {
  local server=$1 cell=$2; shift 2
  echo "$*" | tr ' ' '\n' | grep = | grep -v '^mode=' | while IFS== read -r k v; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$RUN" "$server" "$cell" "$k" "$v" "$CLIENT" >> "$TSV"
  done
}

# echo_cell SERVER CELL-NAME ARGS...: one echo measurement by $CLIENT, logged and recorded.
echo_cell() {
  local server=$1 name=$2 line; shift 2
  if line=$(client --mode echo "$@" 2>>"$OUT/client-errors.log" | grep '^RESULT'); then
    echo "  $server $name [$CLIENT]: $line"
    record "$server" "$name" "$line"
  else
    echo "  $server $name [$CLIENT]: FAILED (client-errors.log)"; echo "$server $name $CLIENT run $RUN" >> "$OUT/client-errors.log"
  fi
}

# Heap in use after a full GC and RSS, in bytes: "heap rss".
memory() {
  local rss heap
  if [ "$1" = gorilla ]; then
    local s; s=$(curl -s "http://127.0.0.1:$PORT/stats")
    heap=$(( $(echo "$s" | sed -n 's/.*heap=\([0-9]*\).*/\1/p') + $(echo "$s" | sed -n 's/.*stack=\([0-9]*\).*/\1/p') ))
  else
    "$JCMD" "$SERVER_PID" GC.run > /dev/null
    heap=$(( $("$JCMD" "$SERVER_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*') * 1024 ))
  fi
  rss=$(( $(sed -n 's/^VmRSS:\s*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status") * 1024 ))
  echo "$heap $rss"
}

# JIT warmup of a fresh server before its first measured cell (C2 needs seconds on a shared core).
warm_server() {
  client --mode echo --conns 64 --size 1024 --type text --warmup "$SERVER_WARMUP" --duration 0.1 >/dev/null 2>&1 || true
  client --mode echo --conns 8 --size 65536 --type binary --warmup "$((SERVER_WARMUP / 2))" --duration 0.1 >/dev/null 2>&1 || true
}

# run_echo SERVER: the server has just started. First COLD_CELL without any warmup, by each client on a server
# of its own (restarted for every client after the first), then the JIT warmup, then ECHO_CELLS by each client.
run_echo() {
  local server=$1 cell conns size type first=1
  if [ -n "$COLD_CELL" ]; then
    IFS=: read -r conns size type <<< "$COLD_CELL"
    for CLIENT in $(clients_in_order); do
      if [ $first = 0 ]; then stop_server; start_server "$server" echo || return 0; fi
      first=0
      echo_cell "$server" "echo-$conns-$size-$type-cold" --conns "$conns" --size "$size" --type "$type" --warmup 0
    done
  fi
  CLIENT=${CLIENTS%% *}
  warm_server
  for cell in $ECHO_CELLS; do
    IFS=: read -r conns size type <<< "$cell"
    if [ "$server" = spring-tomcat ] && [ "$size" -gt 131072 ]; then
      stop_server; start_server "$server" echo-big || continue; CLIENT=${CLIENTS%% *}; warm_server
    fi
    for CLIENT in $(clients_in_order); do
      echo_cell "$server" "echo-$conns-$size-$type" --conns "$conns" --size "$size" --type "$type"
    done
  done
}

run_idle() {
  local server=$1 before after hold=$OUT/hold-$$ log=$OUT/idle-$server-$CLIENT-run$RUN.log
  rm -f "$hold"
  # JIT warmup of the handshake path (a cold JVM is 3x slower per handshake), then let the closes finish.
  client --mode idle --conns 2000 --concurrency 200 >/dev/null 2>&1 || true
  sleep 2
  before=$(memory "$server")
  client --mode idle --conns "$IDLE_CONNS" --concurrency 200 --hold-file "$hold" > "$log" 2>&1 &
  local cpid=$!
  for _ in $(seq 1 3000); do grep -q '^READY' "$log" && break; kill -0 $cpid 2>/dev/null || break; sleep 0.1; done
  if grep -q '^READY' "$log"; then
    sleep 2  # let servers that start a thread per connection finish starting them
    after=$(memory "$server")
    local threads; threads=$(ls "/proc/$SERVER_PID/task" | wc -l)  # live OS threads (virtual threads not counted)
    touch "$hold"; wait $cpid || true
    read -r hb rb <<< "$before"; read -r ha ra <<< "$after"
    local line; line="$(grep '^RESULT' "$log") heap_per_conn=$(( (ha - hb) / IDLE_CONNS )) rss_per_conn=$(( (ra - rb) / IDLE_CONNS )) threads=$threads"
    echo "  $server idle [$CLIENT]: $line"
    record "$server" "idle-$IDLE_CONNS" "$line"
  else
    touch "$hold"; wait $cpid || true
    echo "  $server idle [$CLIENT]: FAILED ($log)"
  fi
  rm -f "$hold"
}

run_broadcast() {
  local server=$1 line
  if line=$(client --mode broadcast --conns "$BROADCAST_SUBS" --size 32 2>>"$OUT/client-errors.log" | grep '^RESULT'); then
    echo "  $server broadcast [$CLIENT]: $line"
    record "$server" "broadcast-$BROADCAST_SUBS" "$line"
  else
    echo "  $server broadcast [$CLIENT]: FAILED (client-errors.log)"; echo "$server broadcast $CLIENT run $RUN" >> "$OUT/client-errors.log"
  fi
}

for RUN in $(seq 1 "$RUNS"); do
  for server in $SERVERS; do
    echo "run $RUN/$RUNS: $server (load $(cut -d' ' -f1 /proc/loadavg))"
    if [[ " $PHASES " == *" echo "* ]]; then
      start_server "$server" echo && { run_echo "$server"; stop_server; }
    fi
    # Idle and broadcast on a fresh server with default message buffers (Spring/Tomcat allocates them per session).
    if [[ " $PHASES " == *" idle "* || " $PHASES " == *" broadcast "* ]]; then
      if start_server "$server" idle; then
        # Each client in turn on the same server; RSS seldom shrinks after the first client's connections
        # close, so the second client's rss_per_conn reads low: the report's worse-of-the-clients (the higher)
        # figure is the one to quote, and the order alternates between runs.
        if [[ " $PHASES " == *" idle "* ]]; then
          for CLIENT in $(clients_in_order); do run_idle "$server"; done
        fi
        if [[ " $PHASES " == *" broadcast "* ]]; then
          CLIENT=${CLIENTS%% *}; warm_server
          for CLIENT in $(clients_in_order); do run_broadcast "$server"; done
        fi
        stop_server
      fi
    fi
  done
done

"$JAVA" -cp "$CP" io.github.wsboot.benchmarks.load.MatrixReport "$TSV" | tee "$OUT/table.md"
echo "results: $OUT"
