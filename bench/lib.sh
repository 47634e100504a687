# Shared by bench/run.sh and bench/profile.sh (sourced, not run). Everything here talks to 127.0.0.1 only.
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$BENCH_ROOT/bench
export BENCH_WRK_DIR=$BENCH_DIR/wrk

# ---- parameters (environment variables) -------------------------------------------------------------------------
BENCH_DURATION=${BENCH_DURATION:-20s}             # each measured wrk run
BENCH_WARMUP=${BENCH_WARMUP:-10s}                 # wrk warm-up per endpoint, before the measured runs
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-16}        # peak-load wrk connections
BENCH_THREADS=${BENCH_THREADS:-2}                 # peak-load wrk threads
BENCH_HALF_CONNECTIONS=${BENCH_HALF_CONNECTIONS:-1}  # "half load" proxy: fewer closed-loop connections (no wrk2)
BENCH_HALF_THREADS=${BENCH_HALF_THREADS:-1}
BENCH_PORT=${BENCH_PORT:-14567}                   # the service (not 4567: a developer's copy may be running there)
BENCH_OTLP_PORT=${BENCH_OTLP_PORT:-14318}         # OTLP/HTTP sink
BENCH_XRAY_PORT=${BENCH_XRAY_PORT:-12000}         # UDP sink (stands in for the X-Ray daemon)
BENCH_XRAY_STATS_PORT=${BENCH_XRAY_STATS_PORT:-12001}
BENCH_JAVA=${BENCH_JAVA:-java}                    # JVM that runs the service, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:--Xmx256m}        # the same for every mode
BENCH_AGENT_VERSION=${BENCH_AGENT_VERSION:-2.33.1}
BENCH_AGENT_JAR=${BENCH_AGENT_JAR:-$BENCH_DIR/.cache/opentelemetry-javaagent-$BENCH_AGENT_VERSION.jar}
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-0}           # 1: use the jar already in target/
BENCH_READY_TIMEOUT=${BENCH_READY_TIMEOUT:-180}   # seconds
# 1: the service on CPU 1, wrk and the sinks on CPU 0 (taskset), so that neither side runs on the other's core; the
# service then has one core, as under the chart's 1-CPU limit. 0 (default): all of them share both cores.
BENCH_PIN=${BENCH_PIN:-0}
case $BENCH_PIN in
0) PIN_APP=() PIN_LOAD=() ;;
1) PIN_APP=(taskset -c 1) PIN_LOAD=(taskset -c 0) ;;
*) echo "BENCH_PIN is 0 or 1" >&2; exit 2 ;;
esac

OTLP_URL=http://127.0.0.1:$BENCH_OTLP_PORT
APP_URL=http://127.0.0.1:$BENCH_PORT

# ---- the modes: everything a mode sets is here --------------------------------------------------------------------
# The service as a user runs it with tracing off: no OpenTelemetry SDK, no exporters, no context propagation. The OTLP
# endpoint stays set to the sink, so that "the sink receives 0 spans" proves the switch works.
UNTRACED_ENV="CRUDDUR_TRACING_ENABLED=false"
# Production sampling: the seed's X-Ray rule (5/s, then 10%) from aws/json/xray.json, as the service uses it when the
# daemon's sampling API does not answer (nothing listens on the sink's TCP port).
BENCH_PROD_SAMPLING=${BENCH_PROD_SAMPLING:-XRAY_SAMPLING_RULES_FILE=$BENCH_ROOT/aws/json/xray.json}
XRAY_ENV="XRAY_ENABLED=true AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:$BENCH_XRAY_PORT"
# X-Ray over signed OTLP (XRAY_EXPORT=otlp) to the OTLP sink, with obviously fake keys.
XRAY_OTLP_ENV="XRAY_EXPORT=otlp XRAY_OTLP_ENDPOINT=$OTLP_URL/v1/traces XRAY_API_ENDPOINT=http://127.0.0.1:$BENCH_XRAY_PORT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=BENCHFAKEACCESSKEY AWS_SECRET_ACCESS_KEY=bench-fake-secret-not-a-key AWS_EC2_METADATA_DISABLED=true"

BENCH_ALL_MODES="untraced traced-full traced-full-otlp traced-prod agent"

# Sets MODE_ENV (environment, on top of a clean one), MODE_JVM (JVM options), MODE_ARGS (Spring arguments) and
# MODE_JAR (empty: the jar just built). Values must not contain spaces.
# A mode may name a variant, MODE@VARIANT (e.g. traced-full@before), for an A/B in one run: BENCH_VARIANT_<VARIANT> lists
# what the variant changes, space-separated words jar=PATH, java=PATH (the JVM), jvm=OPTION, arg=--property=value and
# env=NAME=value, e.g.
#   BENCH_VARIANT_before="jar=/tmp/before.jar"  BENCH_VARIANT_box="jvm=-XX:MaxRAM=384m jvm=-XX:MaxRAMPercentage=75"
mode_settings() {
	local base=${1%%@*} variant="" spec_name spec word
	[[ $1 == *@* ]] && variant=${1#*@}
	MODE_JVM=""
	MODE_JAR=""
	MODE_JAVA=""
	case $base in
	untraced)
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL $UNTRACED_ENV"
		MODE_ARGS="" ;;
	traced-full)
		# X-Ray on, so its sampling rules decide: a rule that keeps every trace.
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL XRAY_SAMPLING_RULES_FILE=$BENCH_ROOT/bench/sample-everything.json $XRAY_ENV"
		MODE_ARGS="" ;;
	traced-full-otlp)
		# traced-full with XRAY_EXPORT=otlp: X-Ray's copy of every span marshalled, gzipped, SigV4-signed (fake keys:
		# the sink checks nothing) and POSTed to the same OTLP sink instead of sent to the UDP sink, so the sink counts
		# both copies (spans/request about twice traced-full's). The sampling API is a closed port, as in traced-full
		# (nothing listens on the UDP sink's port over TCP): the local rules decide.
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL XRAY_SAMPLING_RULES_FILE=$BENCH_ROOT/bench/sample-everything.json $XRAY_OTLP_ENV"
		MODE_ARGS="" ;;
	traced-prod)
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL $BENCH_PROD_SAMPLING $XRAY_ENV"
		MODE_ARGS="" ;;
	agent)
		# The untraced service (no OpenTelemetry SDK of its own, so nothing but the agent exports) under the
		# OpenTelemetry Java agent, exporting to the same sink.
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_TRACES_SAMPLER=parentbased_always_on OTEL_SERVICE_NAME=cruddur-backend $UNTRACED_ENV"
		MODE_JVM="-javaagent:$BENCH_AGENT_JAR"
		MODE_ARGS="" ;;
	# Diagnostic modes (not in the default set), to split the traced/untraced gap into its parts:
	untraced-ctx-auto)
		# untraced, but with automatic context propagation (what context-propagation=auto alone costs)
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL"
		MODE_ARGS="--management.observations.enable.all=false --management.tracing.sampling.probability=0.0" ;;
	traced-full-ctx-auto)
		# traced-full with Reactor's automatic context propagation (what the service used before Spans.blocking)
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL XRAY_SAMPLING_RULES_FILE=$BENCH_ROOT/bench/sample-everything.json $XRAY_ENV"
		MODE_ARGS="--spring.reactor.context-propagation=auto" ;;
	observed-unsampled)
		# the traced service with every trace dropped by the sampler: observations (metrics and the tracing handlers),
		# conventions, context propagation and unsampled spans, but nothing recorded or exported
		MODE_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL XRAY_SAMPLING_RULES_FILE=$BENCH_ROOT/bench/sample-nothing.json $XRAY_ENV"
		MODE_ARGS="" ;;
	*) die "unknown mode '$1' (modes: $BENCH_ALL_MODES; diagnostic: untraced-ctx-auto traced-full-ctx-auto observed-unsampled)" ;;
	esac
	[[ -z $variant ]] && return 0
	[[ $variant =~ ^[A-Za-z0-9_]+$ ]] || die "mode $1: a variant name is letters, digits and _"
	spec_name=BENCH_VARIANT_$variant
	spec=${!spec_name:-}
	[[ -n $spec ]] || die "mode $1: set $spec_name (words jar=PATH java=PATH jvm=OPTION arg=--property=value env=NAME=value)"
	for word in $spec; do
		case $word in
		jar=*) MODE_JAR=${word#jar=}; [[ -f $MODE_JAR ]] || die "mode $1: no jar $MODE_JAR" ;;
		java=*) MODE_JAVA=${word#java=}; [[ -x $MODE_JAVA ]] || die "mode $1: no JVM $MODE_JAVA" ;;
		jvm=*) MODE_JVM+=" ${word#jvm=}" ;;
		arg=*) MODE_ARGS+=" ${word#arg=}" ;;
		env=*) MODE_ENV+=" ${word#env=}" ;;
		*) die "mode $1: '$word' in $spec_name is not jar=, java=, jvm=, arg= or env=" ;;
		esac
	done
}

# ---- plumbing -----------------------------------------------------------------------------------------------------
BENCH_PIDS=()

die() {
	echo "bench: $*" >&2
	exit 1
}

log() {
	echo "[$(date -u +%H:%M:%S)] $*" >&2
}

# Stops every process this script started (TERM, then KILL after 10 s). Installed as the EXIT trap.
bench_cleanup() {
	local pid
	for pid in "${BENCH_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${BENCH_PIDS[@]}"; do
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
}

need_tools() {
	command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
	command -v "$BENCH_JAVA" >/dev/null || die "no JVM '$BENCH_JAVA' (set BENCH_JAVA)"
	if ! command -v wrk >/dev/null; then
		if [[ $(id -u) == 0 && ${BENCH_INSTALL_WRK:-1} == 1 ]] && command -v apt-get >/dev/null; then
			log "wrk is missing: installing it (apt-get install -y wrk; BENCH_INSTALL_WRK=0 to refuse)"
			apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
				|| die "could not install wrk: run  sudo apt-get update && sudo apt-get install -y wrk"
		else
			die "wrk is missing: run  sudo apt-get install -y wrk  (Debian/Ubuntu package 'wrk')"
		fi
	fi
}

# Fails unless nothing listens on 127.0.0.1:$1 (TCP).
need_free_port() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
		die "127.0.0.1:$1 is in use; pick another port (BENCH_PORT, BENCH_OTLP_PORT, BENCH_XRAY_STATS_PORT)"
	fi
}

build_jar() {
	if [[ $BENCH_SKIP_BUILD != 1 ]]; then
		log "building the jar (./mvnw -q -DskipTests package; BENCH_SKIP_BUILD=1 to skip)"
		(cd "$BENCH_ROOT" && ./mvnw -q -DskipTests package) || die "build failed"
	fi
	APP_JAR=$(ls "$BENCH_ROOT"/target/cruddur-backend-*.jar 2>/dev/null | grep -v -- '-plain\|sources' | head -1 || true)
	[[ -n $APP_JAR ]] || die "no target/cruddur-backend-*.jar (run without BENCH_SKIP_BUILD=1)"
}

fetch_agent() {
	if [[ ! -f $BENCH_AGENT_JAR ]]; then
		log "fetching opentelemetry-javaagent $BENCH_AGENT_VERSION from Maven Central"
		(cd "$BENCH_ROOT" && ./mvnw -q dependency:copy \
			-Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$BENCH_AGENT_VERSION" \
			-DoutputDirectory="$(dirname "$BENCH_AGENT_JAR")") || die "could not fetch the agent"
		[[ -f $BENCH_AGENT_JAR ]] || die "agent jar not at $BENCH_AGENT_JAR"
	fi
}

# Starts the OTLP/HTTP and UDP sinks (single-file Java programs, small heaps) and waits until both answer.
start_sinks() {
	local logs=$1
	need_free_port "$BENCH_OTLP_PORT"
	need_free_port "$BENCH_XRAY_STATS_PORT"
	"${PIN_LOAD[@]}" "$BENCH_JAVA" -Xmx64m -XX:TieredStopAtLevel=1 "$BENCH_DIR/OtlpSink.java" "$BENCH_OTLP_PORT" >"$logs/otlp-sink.log" 2>&1 &
	BENCH_PIDS+=($!)
	"${PIN_LOAD[@]}" "$BENCH_JAVA" -Xmx64m -XX:TieredStopAtLevel=1 "$BENCH_DIR/UdpSink.java" "$BENCH_XRAY_PORT" "$BENCH_XRAY_STATS_PORT" \
		>"$logs/udp-sink.log" 2>&1 &
	BENCH_PIDS+=($!)
	local otlp_pid=${BENCH_PIDS[-2]} udp_pid=${BENCH_PIDS[-1]}
	SINK_PIDS=("$otlp_pid" "$udp_pid")
	SINK_LOGS=$logs
	for _ in $(seq 600); do
		kill -0 "$otlp_pid" 2>/dev/null || die "the OTLP sink exited: $(tail -5 "$logs/otlp-sink.log")"
		kill -0 "$udp_pid" 2>/dev/null || die "the UDP sink exited (UDP port $BENCH_XRAY_PORT taken?): $(tail -5 "$logs/udp-sink.log")"
		if curl -fs "$OTLP_URL/stats" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$BENCH_XRAY_STATS_PORT/stats" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	die "sinks did not start (see $logs/otlp-sink.log, $logs/udp-sink.log)"
}

# "key=value ..." counters of both sinks.
otlp_stats() { curl -fs "$OTLP_URL/stats" || die "the OTLP sink does not answer (see $SINK_LOGS/otlp-sink.log)"; }
udp_stats() { curl -fs "http://127.0.0.1:$BENCH_XRAY_STATS_PORT/stats" || die "the UDP sink does not answer (see $SINK_LOGS/udp-sink.log)"; }

# stat_value "k1=v1 k2=v2" k2 -> v2
stat_value() {
	tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }'
}

# Microseconds since the epoch, without a process (bash 5).
now_us() { NOW_US=${EPOCHREALTIME/./}; }

# jdk_tool NAME [JAVA]: the path of a JDK tool (jcmd, jstat, jfr) beside JAVA, default the JVM of the last
# mode_settings (MODE_JAVA, else BENCH_JAVA).
jdk_tool() { echo "$(dirname "$(readlink -f "$(command -v "${2:-${MODE_JAVA:-$BENCH_JAVA}}")")")/$1"; }

# True when GET $1 on the service answers 200. Plain bash (/dev/tcp), so polling spawns no process that would compete
# with the starting JVM for the CPU.
http_ok() {
	local status=""
	{ exec 3<>"/dev/tcp/127.0.0.1/$BENCH_PORT"; } 2>/dev/null || return 1
	printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3 2>/dev/null || true
	IFS= read -r -t 5 status <&3 || true
	exec 3<&- 3>&-
	[[ $status =~ ^HTTP/[0-9.]+\ 200 ]]
}

# start_app MODE LOGFILE [extra JVM options...]: starts the jar in MODE and waits for GET /api/health-check.
# Sets APP_PID, READY_MS (launch to first 200) and STARTED_S (Spring's "Started ... in X seconds"); with APP_FIRST_GET
# set (a path), also FIRST_GET_MS: launch to the answer of a GET of that path sent right after the first 200.
start_app() {
	local mode=$1 logfile=$2
	shift 2
	FIRST_GET_MS=
	READY_CPU_MS=
	mode_settings "$mode"
	need_free_port "$BENCH_PORT"
	local -a env_words jvm_words arg_words
	read -r -a env_words <<<"$MODE_ENV"
	read -r -a jvm_words <<<"$BENCH_JVM_OPTS $MODE_JVM"
	read -r -a arg_words <<<"$MODE_ARGS"
	{
		echo "# mode: $mode"
		echo "# env: PORT=$BENCH_PORT ${env_words[*]}"
		echo "# jvm: ${jvm_words[*]} $*"
		echo "# args: ${arg_words[*]}"
		echo "# jar: ${MODE_JAR:-$APP_JAR}; java: ${MODE_JAVA:-$BENCH_JAVA}"
	} >"$logfile"
	# A pipe nobody writes to: "read -t" on it is a sleep without a process.
	local nap
	exec {nap}<> <(:)
	local t0
	now_us
	t0=$NOW_US
	# A clean environment: no HONEYCOMB_API_KEY, AWS_* or OTEL_* leaks in from the caller's shell.
	env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 PORT="$BENCH_PORT" "${env_words[@]}" \
		"${PIN_APP[@]}" "${MODE_JAVA:-$BENCH_JAVA}" "${jvm_words[@]}" "$@" -jar "${MODE_JAR:-$APP_JAR}" "${arg_words[@]}" >>"$logfile" 2>&1 &
	APP_PID=$!
	BENCH_PIDS+=("$APP_PID")
	local deadline=$((t0 + BENCH_READY_TIMEOUT * 1000000))
	while ! http_ok /api/health-check; do
		kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$logfile" >&2; die "mode $mode: the service exited during startup (log: $logfile)"; }
		now_us
		((NOW_US < deadline)) || {
			# Where it hangs: the threads, next to the log (the started JVM's own jcmd; if it cannot attach in
			# 30 s, SIGQUIT makes the JVM print them into the log).
			timeout 30 "$(jdk_tool jcmd)" "$APP_PID" Thread.print >"$logfile.threads" 2>&1 || kill -QUIT "$APP_PID" 2>/dev/null || true
			tail -30 "$logfile" >&2
			die "mode $mode: not ready after ${BENCH_READY_TIMEOUT}s (threads: $logfile.threads)"
		}
		read -r -t 0.01 -u "$nap" || true
	done
	now_us
	READY_MS=$(((NOW_US - t0) / 1000))
	# CPU (all threads, JIT included) spent up to ready: less noisy than the wall clock on a shared machine.
	local ready_ticks
	read -r ready_ticks _ <<<"$(app_cpu_ticks)"
	READY_CPU_MS=$((ready_ticks * 1000 / $(getconf CLK_TCK)))
	if [[ -n ${APP_FIRST_GET:-} ]]; then
		# What a user's first page waits for: the first GET of APP_FIRST_GET, sent as soon as the service is ready.
		curl -fsS --max-time 60 -o /dev/null "$APP_URL$APP_FIRST_GET" || die "mode $mode: the first GET $APP_FIRST_GET failed"
		now_us
		FIRST_GET_MS=$(((NOW_US - t0) / 1000))
	fi
	# The API port answers before the management port has started, so Spring's "Started" line may come just after.
	local started_line=""
	for _ in $(seq 100); do
		started_line=$(grep -o -m1 'Started [A-Za-z]* in [0-9.]* seconds' "$logfile" || true)
		[[ -z $started_line ]] || break
		read -r -t 0.1 -u "$nap" || true
	done
	exec {nap}<&-
	STARTED_S=$(awk '{ print $4 }' <<<"$started_line")
	STARTED_S=${STARTED_S:-?}
}

# CPU time (user + system, all threads) the service has used so far, in clock ticks (getconf CLK_TCK per second).
# Prints "total jit loops export gc": the whole process; the JIT compiler threads (C1/C2 CompilerThread), so that a
# report can also show CPU per request without compilation (a short warm-up leaves the JIT busy; on a loaded machine,
# longer); and, to show where tracing's cost lands, the request threads (Reactor Netty's event loops), the span export
# threads (the batch processors' workers and the OTLP exporter's HTTP client threads) and the garbage collector's
# (GC Thread#N, G1's concurrent threads, and the VM thread, which runs Serial GC's collections).
app_cpu_ticks() {
	local total
	total=$(awk '{ print $14 + $15 }' "/proc/$APP_PID/stat")
	awk -v total="$total" '
		{ if (match($0, /\) [A-Za-z] /)) { comm = substr($0, index($0, "(") + 1, RSTART - index($0, "(") - 1)
			split(substr($0, RSTART + 2), f, " "); t = f[12] + f[13]
			if (comm ~ /^C[12] CompilerThre/) jit += t
			else if (comm ~ /^reactor-http-/) loops += t
			else if (comm ~ /^(BatchSpanProces|okhttp-|OkHttp |Okio Watchdog|jdkhttp-|HttpClient-)/) export += t
			else if (comm ~ /^(GC Thread|G1 |VM Thread)/) gc += t } }
		END { print total, jit + 0, loops + 0, export + 0, gc + 0 }' /proc/"$APP_PID"/task/*/stat 2>/dev/null || echo "$total 0 0 0 0"
}

# CPU time (user + system) both sinks have used so far, in clock ticks: they share the machine with the service and
# wrk, so a report can show what they take of it (mostly receiving spans; a few µs per request with none to receive).
sinks_cpu_ticks() {
	local pid total=0
	for pid in "${SINK_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || die "a sink (pid $pid) has exited: see $SINK_LOGS/otlp-sink.log and udp-sink.log"
		total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
	done
	echo "$total"
}

# "busy total": clock ticks of all CPUs of the machine so far (busy: user, nice, system, irq, softirq, steal), from
# /proc/stat; the difference over a run gives how busy the whole machine was (service, wrk, sinks, anything else).
machine_ticks() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }

# VmRSS and VmHWM of the service, MiB.
app_rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status"; }
app_hwm_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status"; }

# SIGTERM, then wait (graceful shutdown drains requests and flushes spans); KILL after 60 s.
stop_app() {
	kill -TERM "$APP_PID" 2>/dev/null || return 0
	for _ in $(seq 600); do
		kill -0 "$APP_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$APP_PID" 2>/dev/null; then
		log "the service did not stop within 60 s: killing it"
		kill -KILL "$APP_PID" 2>/dev/null || true
	fi
	wait "$APP_PID" 2>/dev/null || true
}

# run_wrk SCRIPT(get|post) PATH CONNECTIONS THREADS DURATION OUTFILE: prints wrk's BENCH line.
run_wrk() {
	local script=$1 path=$2 connections=$3 threads=$4 duration=$5 out=$6
	"${PIN_LOAD[@]}" wrk --latency -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$BENCH_WRK_DIR/$script.lua" \
		"$APP_URL$path" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($out)"; }
	grep '^BENCH ' "$out" | tail -1 || die "no result line in $out"
}

machine_info() {
	echo "- Machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)," \
		"$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || echo "unknown OS")"
	echo "- JVM: $("$BENCH_JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/  */ /g')"
	echo "- JVM options (every mode): \`$BENCH_JVM_OPTS\`; wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
	if [[ $BENCH_PIN == 1 ]]; then echo "- BENCH_PIN=1: the service on CPU 1, wrk and the sinks on CPU 0"; fi
}
