#!/usr/bin/env bash
# Tracing overhead benchmark: the packaged service untraced, traced (100% and production sampling) and untraced under
# the OpenTelemetry Java agent, one mode at a time, on this machine, in one run. Usage (from anywhere):
#
#   bench/run.sh                                  # all modes, defaults: ~6 minutes on 2 cores
#   BENCH_DURATION=3s BENCH_WARMUP=2s bench/run.sh           # smoke run
#   BENCH_MODES="untraced traced-full" BENCH_SKIP_BUILD=1 bench/run.sh
#
# Needs: a JDK 17+ (java), curl, wrk (Debian: apt-get install -y wrk; installed automatically when run as root).
# What it does: builds the jar once (./mvnw -q -DskipTests package), fetches the OpenTelemetry Java agent from Maven
# Central into bench/.cache, starts two local sinks (bench/OtlpSink.java: OTLP/HTTP, counts requests and spans;
# bench/UdpSink.java: UDP, stands in for the X-Ray daemon), then for each mode: starts the jar, waits for
# GET /api/health-check (start-to-ready time), warms up GET /api/activities/home and POST /api/activities with wrk,
# measures both at peak load, measures GET at a paced half of the untraced peak (p99 at half load), reads the RSS,
# stops the service with SIGTERM, and reads what the sinks received. Prints a markdown table and writes it to
# bench/results/<timestamp>.md (logs and raw wrk output next to it, in bench/results/<timestamp>/).
#
# Parameters (environment): BENCH_MODES (default "untraced traced-full traced-prod agent"), BENCH_DURATION (20s),
# BENCH_WARMUP (10s), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_HALF_RPS (default: half of the untraced GET
# peak of this run), BENCH_JAVA (java), BENCH_JVM_OPTS (-Xmx256m), BENCH_SKIP_BUILD (0), BENCH_AGENT_VERSION, ports:
# BENCH_PORT (14567), BENCH_OTLP_PORT (14318), BENCH_XRAY_PORT (12000/udp), BENCH_XRAY_STATS_PORT (12001).
# What each mode sets is in bench/lib.sh (mode_settings). Only 127.0.0.1 is ever contacted (plus Maven Central by
# ./mvnw).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_MODES=${BENCH_MODES:-$BENCH_ALL_MODES}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH_DIR/results
OUT=$RESULTS/$STAMP
REPORT=$RESULTS/$STAMP.md
mkdir -p "$OUT"

trap bench_cleanup EXIT
trap 'exit 130' INT TERM

need_tools
for mode in $BENCH_MODES; do mode_settings "$mode"; done
[[ " $BENCH_MODES " == *" agent "* ]] && fetch_agent
build_jar
log "jar: $APP_JAR; results: $REPORT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

start_sinks "$OUT"

declare -A R CPU JIT READY STARTED RSS HWM OTLP UDP SERVED
CLK_TCK=$(getconf CLK_TCK)
HALF_RPS=${BENCH_HALF_RPS:-}
HALF_FROM=""

for mode in $BENCH_MODES; do
	log "mode $mode: starting"
	otlp0=$(otlp_stats)
	udp0=$(udp_stats)
	start_app "$mode" "$OUT/$mode.log"
	READY[$mode]=$READY_MS
	STARTED[$mode]=$STARTED_S
	log "mode $mode: ready in ${READY_MS} ms (Spring: ${STARTED_S} s); warming up ${BENCH_WARMUP} per endpoint"
	served=0
	line=$(run_wrk get /api/activities/home "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_WARMUP" "$OUT/$mode-get-warmup.txt")
	served=$((served + $(stat_value "$line" requests)))
	line=$(run_wrk post /api/activities "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_WARMUP" "$OUT/$mode-post-warmup.txt")
	served=$((served + $(stat_value "$line" requests)))
	log "mode $mode: GET /api/activities/home for $BENCH_DURATION"
	read -r c0 j0 <<<"$(app_cpu_ticks)"
	R[$mode.get]=$(run_wrk get /api/activities/home "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_DURATION" "$OUT/$mode-get.txt")
	read -r c1 j1 <<<"$(app_cpu_ticks)"
	CPU[$mode.get]=$((c1 - c0))
	JIT[$mode.get]=$((j1 - j0))
	log "mode $mode: POST /api/activities for $BENCH_DURATION"
	read -r c0 j0 <<<"$(app_cpu_ticks)"
	R[$mode.post]=$(run_wrk post /api/activities "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_DURATION" "$OUT/$mode-post.txt")
	read -r c1 j1 <<<"$(app_cpu_ticks)"
	CPU[$mode.post]=$((c1 - c0))
	JIT[$mode.post]=$((j1 - j0))
	if [[ -z $HALF_RPS ]]; then
		# Half of the untraced peak (the first mode's if untraced is not run).
		HALF_RPS=$(awk -v r="$(stat_value "${R[$mode.get]}" rps)" 'BEGIN { printf "%.0f", r / 2 }')
		HALF_FROM=$mode
	fi
	export BENCH_DELAY_MS
	BENCH_DELAY_MS=$(awk -v c="$BENCH_CONNECTIONS" -v r="$HALF_RPS" 'BEGIN { printf "%.3f", (r > 0) ? 1000 * c / r : 0 }')
	log "mode $mode: GET paced at ~${HALF_RPS}/s (${BENCH_DELAY_MS} ms between requests per connection) for $BENCH_DURATION"
	read -r c0 j0 <<<"$(app_cpu_ticks)"
	R[$mode.half]=$(run_wrk paced /api/activities/home "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_DURATION" "$OUT/$mode-half.txt")
	read -r c1 j1 <<<"$(app_cpu_ticks)"
	CPU[$mode.half]=$((c1 - c0))
	JIT[$mode.half]=$((j1 - j0))
	RSS[$mode]=$(app_rss_mib)
	HWM[$mode]=$(app_hwm_mib)
	for k in get post half; do served=$((served + $(stat_value "${R[$mode.$k]}" requests))); done
	SERVED[$mode]=$served
	stop_app
	sleep 1 # the last export's response
	otlp1=$(otlp_stats)
	udp1=$(udp_stats)
	OTLP[$mode]="$(($(stat_value "$otlp1" requests) - $(stat_value "$otlp0" requests))) $(($(stat_value "$otlp1" spans) - $(stat_value "$otlp0" spans))) $(($(stat_value "$otlp1" bytes) - $(stat_value "$otlp0" bytes)))"
	UDP[$mode]="$(($(stat_value "$udp1" datagrams) - $(stat_value "$udp0" datagrams))) $(($(stat_value "$udp1" segments) - $(stat_value "$udp0" segments)))"
	log "mode $mode: done; RSS ${RSS[$mode]} MiB; OTLP sink got requests/spans/bytes ${OTLP[$mode]}; UDP datagrams/segments ${UDP[$mode]}"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report -------------------------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
# Service CPU time per request, µs (user + system of every thread of the java process, over the measured run).
# The same without the JIT compiler threads: cpu_nojit MODE.KEY
cpu_nojit() { cpu_per_req "$((CPU[$1] - JIT[$1]))" "$(stat_value "${R[$1]}" requests)"; }
cpu_per_req() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else printf "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
errors() {
	local l=$1 total
	total=$(($(stat_value "$l" http_errors) + $(stat_value "$l" connect_errors) + $(stat_value "$l" read_errors) + $(stat_value "$l" write_errors) + $(stat_value "$l" timeouts)))
	if ((total == 0)); then echo 0; else
		echo "$total (http $(stat_value "$l" http_errors), conn $(stat_value "$l" connect_errors), read $(stat_value "$l" read_errors), write $(stat_value "$l" write_errors), timeout $(stat_value "$l" timeouts))"
	fi
}
has() { [[ " $BENCH_MODES " == *" $1 "* ]]; }
check() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "n/a") print "–"; else if ((op == ">=" && v >= t) || (op == "<=" && v <= t)) print "met"; else print "**not met**" }'; }

{
	echo "# Tracing overhead, run $STAMP"
	echo
	echo "wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS, warm-up $BENCH_WARMUP per endpoint, measured $BENCH_DURATION per row;" \
		"the half-load row is GET paced at ~$HALF_RPS req/s (half of the $HALF_FROM${HALF_FROM:+ }GET peak${BENCH_HALF_RPS:+, set by BENCH_HALF_RPS})."
	echo "Latencies in ms. Errors: HTTP status >= 400 and socket errors. Ready: launch to the first 200 from" \
		"/api/health-check; Spring: the \"Started ... in X seconds\" line. RSS after load (peak RSS in brackets)." \
		"CPU µs/req: CPU time of the java process (all threads, user + system) during the row's run divided by its" \
		"requests, then the same without the JIT compiler threads (what remains once compilation is over); less" \
		"sensitive than req/s to other load on the machine."
	echo
	echo "| Mode | Load | req/s | p50 | p99 | max | errors | CPU µs/req (all / no JIT) | ready (s) | Spring (s) | RSS MiB |"
	echo "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"
	for mode in $BENCH_MODES; do
		for k in get post half; do
			l=${R[$mode.$k]}
			case $k in
			get) what="GET /api/activities/home" ;;
			post) what="POST /api/activities" ;;
			half) what="GET, half load" ;;
			esac
			if [[ $k == get ]]; then
				extra="$(awk -v m="${READY[$mode]}" 'BEGIN { printf "%.2f", m / 1000 }') | ${STARTED[$mode]} | ${RSS[$mode]} (${HWM[$mode]})"
			else
				extra=" | | "
			fi
			echo "| $mode | $what | $(stat_value "$l" rps) | $(ms "$(stat_value "$l" p50_us)") | $(ms "$(stat_value "$l" p99_us)") | $(ms "$(stat_value "$l" max_us)") | $(errors "$l") | $(cpu_per_req "${CPU[$mode.$k]}" "$(stat_value "$l" requests)") / $(cpu_per_req "$((CPU[$mode.$k] - JIT[$mode.$k]))" "$(stat_value "$l" requests)") | $extra |"
		done
	done
	echo
	echo "What the sinks received per mode (requests served: every wrk request of the mode, warm-up included):"
	echo
	echo "| Mode | requests served | OTLP exports | spans | spans/request | OTLP KiB | UDP datagrams | X-Ray segments |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	for mode in $BENCH_MODES; do
		read -r oreq ospans obytes <<<"${OTLP[$mode]}"
		read -r udg useg <<<"${UDP[$mode]}"
		echo "| $mode | ${SERVED[$mode]} | $oreq | $ospans | $(ratio "$ospans" "${SERVED[$mode]}") | $((obytes / 1024)) | $udg | $useg |"
	done
	echo
	echo "Ratios (same run):"
	echo
	echo "| Ratio | GET | POST | target |"
	echo "|---|---:|---:|---|"
	for traced in traced-full traced-prod; do
		has "$traced" || continue
		if has untraced; then
			g=$(ratio "$(stat_value "${R[$traced.get]}" rps)" "$(stat_value "${R[untraced.get]}" rps)")
			p=$(ratio "$(stat_value "${R[$traced.post]}" rps)" "$(stat_value "${R[untraced.post]}" rps)")
			echo "| throughput $traced / untraced | $g | $p | ≥ 0.95: GET $(check "$g" ">=" 0.95), POST $(check "$p" ">=" 0.95) |"
			g=$(ratio "$(cpu_nojit "$traced.get")" "$(cpu_nojit untraced.get)")
			p=$(ratio "$(cpu_nojit "$traced.post")" "$(cpu_nojit untraced.post)")
			echo "| CPU per request (no JIT) $traced / untraced | $g | $p | (≤ 1/0.95 = 1.05 would match the throughput target) |"
		fi
		if has agent; then
			g=$(ratio "$(stat_value "${R[$traced.get]}" rps)" "$(stat_value "${R[agent.get]}" rps)")
			p=$(ratio "$(stat_value "${R[$traced.post]}" rps)" "$(stat_value "${R[agent.post]}" rps)")
			echo "| throughput $traced / agent | $g | $p | ≥ 1.2: GET $(check "$g" ">=" 1.2), POST $(check "$p" ">=" 1.2) |"
			g=$(ratio "$(cpu_nojit agent.get)" "$(cpu_nojit "$traced.get")")
			p=$(ratio "$(cpu_nojit agent.post)" "$(cpu_nojit "$traced.post")")
			echo "| CPU per request (no JIT) agent / $traced | $g | $p | (≥ 1.2 would match the throughput target) |"
			s=$(ratio "${READY[$traced]}" "${READY[agent]}")
			echo "| start-to-ready $traced / agent | $s | | ≤ 0.7: $(check "$s" "<=" 0.7) |"
		fi
		if has untraced; then
			d=$(awk -v a="$(stat_value "${R[$traced.half]}" p99_us)" -v b="$(stat_value "${R[untraced.half]}" p99_us)" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
			echo "| p99 added at half load, $traced − untraced (ms) | $d | | ≤ 1 ms: $(check "$d" "<=" 1) |"
		fi
	done
	if has agent && has untraced; then
		g=$(ratio "$(stat_value "${R[agent.get]}" rps)" "$(stat_value "${R[untraced.get]}" rps)")
		p=$(ratio "$(stat_value "${R[agent.post]}" rps)" "$(stat_value "${R[untraced.post]}" rps)")
		echo "| throughput agent / untraced (for reference) | $g | $p | |"
	fi
	for mode in $BENCH_MODES; do
		echo "| RSS after load, $mode (MiB) | ${RSS[$mode]} | | ≤ 256: $(check "${RSS[$mode]}" "<=" 256) |"
	done
	echo
	echo "Machine and JVM:"
	echo
	machine_info
	echo "- Load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER"
	echo "- Service jar: $(basename "$APP_JAR") at $(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$BENCH_ROOT" && git diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
	has agent && echo "- OpenTelemetry Java agent: $BENCH_AGENT_VERSION"
	echo "- Raw wrk output and service logs: bench/results/$STAMP/"
} >"$REPORT"

cat "$REPORT"
log "written to $REPORT"
