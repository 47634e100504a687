#!/usr/bin/env bash
# Where does the time go? Runs ONE mode of bench/run.sh (default traced-full) under load with Java Flight Recorder and
# summarizes the CPU samples. Usage:
#
#   bench/profile.sh                       # traced-full, GET and POST, 20 s each after a 10 s warm-up
#   bench/profile.sh untraced              # any mode of bench/run.sh (untraced, traced-full, traced-prod, agent)
#   BENCH_DURATION=5s BENCH_WARMUP=3s BENCH_SKIP_BUILD=1 bench/profile.sh traced-prod
#   BENCH_PROFILE_STORE=fresh bench/profile.sh   # GET on the seed's 3 items: warmed and recorded before any POST
#
# The service starts with the mode's settings (bench/lib.sh), is warmed up, then for each endpoint a recording is
# started with jcmd (JFR.start settings=profile: Java samples every 10 ms, allocation samples), wrk drives that
# endpoint for BENCH_DURATION, and the recording is dumped to bench/results/profile-<stamp>/<mode>-<get|post>.jfr.
# For each recording it prints:
#   - the share of CPU samples per layer, exclusive (innermost non-JDK frame) and inclusive: context propagation,
#     Micrometer Observation, Micrometer Tracing, OpenTelemetry span work, export, the agent, the app's tracing
#     code) and, for comparison, logging, JSON, Netty;
#   - the top frames (self time), from `jfr print`, which works with any JDK;
#   - `jfr view hot-methods` and `jfr view allocation-by-class` when a JDK 21+ `jfr` is available (BENCH_JFR, default
#     Temurin 25's if installed).
# Same parameters as bench/run.sh (BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_JAVA, ...).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE=${1:-traced-full}
JCMD=$(jdk_tool jcmd "$BENCH_JAVA")
[[ -x $JCMD ]] || die "no jcmd next to $BENCH_JAVA (a JDK, not a JRE, is needed)"
if [[ -z ${BENCH_JFR:-} ]]; then
	if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr ]]; then BENCH_JFR=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr; else BENCH_JFR=$(jdk_tool jfr "$BENCH_JAVA"); fi
fi
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH_DIR/results/profile-$STAMP
mkdir -p "$OUT"

trap bench_cleanup EXIT
trap 'exit 130' INT TERM

need_tools
mode_settings "$MODE"
[[ $MODE == agent ]] && fetch_agent
build_jar
start_sinks "$OUT"
start_app "$MODE" "$OUT/$MODE.log"
log "mode $MODE: ready in $READY_MS ms; warming up $BENCH_WARMUP per endpoint (store: $BENCH_PROFILE_STORE)"
# BENCH_PROFILE_STORE=full (default): both endpoints are warmed up first, so the GET reads the store the POSTs filled.
# fresh: the GET is warmed up and recorded on the seed's 3 items, and the POST is warmed up only after that.
BENCH_PROFILE_STORE=${BENCH_PROFILE_STORE:-full}
[[ $BENCH_PROFILE_STORE == full || $BENCH_PROFILE_STORE == fresh ]] || die "BENCH_PROFILE_STORE is full or fresh"
warm_up() {
	run_wrk "$1" "$2" "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_WARMUP" "$OUT/$1-warmup.txt" >/dev/null
}
warm_up get /api/activities/home
[[ $BENCH_PROFILE_STORE == full ]] && warm_up post /api/activities

# Where the CPU samples go, from `jfr print` (any JDK's jfr): each sample is charged to the layer of its innermost
# non-JDK frame (exclusive: the shares add up to 100%); then the inclusive view (any frame of the layer on the stack:
# it also counts everything that runs inside, e.g. operators wrapped by context propagation); then the top self frames.
summarize() {
	local jfr_file=$1
	"$BENCH_JFR" print --events jdk.ExecutionSample --stack-depth 256 "$jfr_file" | awk '
		function layer(frame) {
			if (frame ~ /^io\.opentelemetry\.(javaagent|instrumentation)\./) return "OpenTelemetry Java agent"
			if (frame ~ /^io\.opentelemetry\.(exporter|sdk\.trace\.export)\.|^okhttp3\.|^okio\.|[Xx]ray/) return "span export (batch processor, OTLP, X-Ray)"
			if (frame ~ /^io\.opentelemetry\./) return "OpenTelemetry API/SDK span work (ids, sampling, attributes, context)"
			if (frame ~ /^io\.micrometer\.tracing\./) return "Micrometer Tracing (bridge, tracing handlers)"
			if (frame ~ /^io\.micrometer\.observation\./) return "Micrometer Observation"
			if (frame ~ /^io\.micrometer\.context\.|^reactor\.core\.publisher\.(ContextPropagation|.*ContextWrite|.*Restoring)/) return "context propagation (micrometer context-propagation, Reactor)"
			if (frame ~ /^io\.micrometer\./) return "Micrometer (metrics, common)"
			if (frame ~ /^org\.cruddur\.tracing\./) return "app tracing code (org.cruddur.tracing)"
			if (frame ~ /^org\.cruddur\./) return "app code (org.cruddur, not tracing)"
			if (frame ~ /^ch\.qos\.logback\.|^org\.slf4j\.|^org\.apache\.commons\.logging/) return "logging"
			if (frame ~ /^(tools|com\.fasterxml)\.jackson\./) return "JSON (Jackson)"
			if (frame ~ /^io\.netty\.|^reactor\.netty\./) return "Netty / Reactor Netty"
			if (frame ~ /^reactor\./) return "Reactor core"
			if (frame ~ /^org\.springframework\./) return "Spring (WebFlux, web, core)"
			split(frame, parts, "."); return "other (" parts[1] "." parts[2] ")"
		}
		function finish(   h) {
			if (!sampled) return
			n++
			excl[(owner != "") ? owner : "JDK only (java.*, jdk.*, sun.*)"]++
			for (h in hit) incl[h]++
			if (first != "") self[first]++
			sampled = 0
		}
		/jdk\.ExecutionSample/ { finish(); sampled = 1; in_stack = 0; first = ""; owner = ""; split("", hit); next }
		/stackTrace = \[/ { in_stack = 1; next }
		in_stack && /^[[:space:]]*\]/ { in_stack = 0; next }
		in_stack {
			f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*$/, "", f)
			if (f == "..." || f == "") next
			if (first == "") first = f
			if (f ~ /^(java|javax|jdk|sun)\./) next
			l = layer(f)
			if (owner == "") owner = l
			hit[l] = 1
		}
		END {
			finish()
			if (n == 0) { print "no CPU samples"; exit }
			printf "%d CPU samples (Java code only; GC and JIT threads are not sampled)\n\n", n
			print "Exclusive: each sample charged to the layer of its innermost non-JDK frame (adds up to 100%):"
			for (l in excl) printf "  %5.1f%%  %s\n", 100 * excl[l] / n, l | "sort -rn"
			close("sort -rn")
			print "\nInclusive: share of samples with the layer anywhere on the stack:"
			for (l in incl) printf "  %5.1f%%  %s\n", 100 * incl[l] / n, l | "sort -rn"
			close("sort -rn")
			print "\nTop 20 frames by self samples:"
			for (s in self) printf "  %5.1f%%  %s\n", 100 * self[s] / n, s | "sort -rn | head -20"
			close("sort -rn | head -20")
		}'
}

for endpoint in get post; do
	case $endpoint in get) path=/api/activities/home ;; post) path=/api/activities ;; esac
	[[ $endpoint == post && $BENCH_PROFILE_STORE == fresh ]] && warm_up post "$path"
	rec=$OUT/$MODE-$endpoint.jfr
	"$JCMD" "$APP_PID" JFR.start name=bench settings=profile >/dev/null
	log "recording $MODE under wrk on $path for $BENCH_DURATION"
	line=$(run_wrk "$endpoint" "$path" "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_DURATION" "$OUT/$endpoint.txt")
	"$JCMD" "$APP_PID" JFR.stop name=bench filename="$rec" >/dev/null
	{
		echo "=== $MODE, $path: $(stat_value "$line" rps) req/s, p99 $(awk -v u="$(stat_value "$line" p99_us)" 'BEGIN { printf "%.2f", u / 1000 }') ms ($rec)"
		summarize "$rec"
		if "$BENCH_JFR" view hot-methods "$rec" >"$OUT/$endpoint-hot-methods.txt" 2>&1; then
			echo
			head -40 "$OUT/$endpoint-hot-methods.txt"
			"$BENCH_JFR" view allocation-by-class "$rec" 2>/dev/null | head -25 || true
		else
			echo "(jfr view needs a JDK 21+ jfr: set BENCH_JFR)"
		fi
		echo
	} | tee "$OUT/$endpoint-summary.txt"
done
stop_app
log "recordings and summaries in $OUT"
