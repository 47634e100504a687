#!/usr/bin/env bash
# Tracing overhead benchmark: the packaged service untraced, traced (100% and production sampling; X-Ray through the
# daemon's UDP and, traced-full-otlp, as signed OTLP) and untraced under the OpenTelemetry Java agent, one mode at a
# time, on this machine, in one run. Usage (from anywhere):
#
#   bench/run.sh                                  # all modes, defaults: ~7 minutes on 2 cores
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
# Parameters (environment): BENCH_MODES (default "untraced traced-full traced-full-otlp traced-prod agent"), BENCH_ROUNDS (1: more
# rounds interleave the modes and report medians, for a machine that is not quiet), BENCH_DURATION (20s),
# BENCH_WARMUP (10s: one warm-up slice; slices repeat until the JIT compiler threads use at most BENCH_JIT_SETTLED
# percent (5) of the service's CPU in a slice, at most BENCH_WARMUP_SLICES (6) per endpoint), BENCH_CONNECTIONS (16),
# BENCH_THREADS (2), BENCH_HALF_RPS (default: half of the untraced GET peak of this run), BENCH_JAVA (java),
# BENCH_JVM_OPTS (-Xmx256m), BENCH_SKIP_BUILD (0), BENCH_AGENT_VERSION, ports: BENCH_PORT (14567), BENCH_OTLP_PORT
# (14318), BENCH_XRAY_PORT (12000/udp), BENCH_XRAY_STATS_PORT (12001).
# What each mode sets is in bench/lib.sh (mode_settings). Only 127.0.0.1 is ever contacted (plus Maven Central by
# ./mvnw).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_MODES=${BENCH_MODES:-$BENCH_ALL_MODES}
BENCH_ROUNDS=${BENCH_ROUNDS:-1}
BENCH_WARMUP_SLICES=${BENCH_WARMUP_SLICES:-6}
BENCH_JIT_SETTLED=${BENCH_JIT_SETTLED:-5}
[[ $BENCH_WARMUP_SLICES =~ ^[1-9][0-9]*$ && $BENCH_JIT_SETTLED =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SLICES and BENCH_JIT_SETTLED are whole numbers"
[[ $BENCH_ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
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

declare -A R CPUUS CPUNJ LOOPUS EXPORTUS GCUS OTHERUS READY STARTED RSS HWM SERVED OTLPREQ OTLPSPANS OTLPBYTES UDPDG UDPSEG WARM SINKUS BUSY
CLK_TCK=$(getconf CLK_TCK)
HALF_RPS=${BENCH_HALF_RPS:-}
HALF_FROM=""

# CPU µs per request from tick counts: cpu_us TICKS REQUESTS
cpu_us() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else printf "0" }'; }

# wrk_with_cpu SCRIPT PATH DURATION OUTFILE: one wrk run; sets WRK_LINE (its result line) and the service's CPU ticks
# during it, WRK_TICKS (all threads), WRK_JIT_TICKS (the JIT compiler threads), WRK_LOOP_TICKS, WRK_EXPORT_TICKS and
# WRK_GC_TICKS (request, span export and GC threads, see app_cpu_ticks); also the sinks' ticks (WRK_SINK_TICKS) and how
# busy the whole machine was (WRK_BUSY, percent of all its CPUs).
wrk_with_cpu() {
	local c0 j0 l0 e0 g0 c1 j1 l1 e1 g1 s0 s1 b0 t0 b1 t1
	read -r c0 j0 l0 e0 g0 <<<"$(app_cpu_ticks)"
	s0=$(sinks_cpu_ticks)
	read -r b0 t0 <<<"$(machine_ticks)"
	WRK_LINE=$(run_wrk "$1" "$2" "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$3" "$4")
	read -r c1 j1 l1 e1 g1 <<<"$(app_cpu_ticks)"
	s1=$(sinks_cpu_ticks)
	read -r b1 t1 <<<"$(machine_ticks)"
	WRK_TICKS=$((c1 - c0))
	WRK_JIT_TICKS=$((j1 - j0))
	WRK_LOOP_TICKS=$((l1 - l0))
	WRK_EXPORT_TICKS=$((e1 - e0))
	WRK_GC_TICKS=$((g1 - g0))
	WRK_SINK_TICKS=$((s1 - s0))
	WRK_BUSY=$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.0f", (t > 0) ? 100 * b / t : 0 }')
}

# measure MODE KEY ROUND SCRIPT PATH DURATION: one measured wrk run, with the service's CPU time around it.
measure() {
	local mode=$1 key=$2 round=$3 script=$4 path=$5 duration=$6 requests other
	wrk_with_cpu "$script" "$path" "$duration" "$OUT/$mode-$key-r$round.txt"
	R[$mode.$key.$round]=$WRK_LINE
	requests=$(stat_value "$WRK_LINE" requests)
	CPUUS[$mode.$key.$round]=$(cpu_us "$WRK_TICKS" "$requests")
	CPUNJ[$mode.$key.$round]=$(cpu_us "$((WRK_TICKS - WRK_JIT_TICKS))" "$requests")
	LOOPUS[$mode.$key.$round]=$(cpu_us "$WRK_LOOP_TICKS" "$requests")
	EXPORTUS[$mode.$key.$round]=$(cpu_us "$WRK_EXPORT_TICKS" "$requests")
	GCUS[$mode.$key.$round]=$(cpu_us "$WRK_GC_TICKS" "$requests")
	# Not below 0: the process's total and the sum of its threads' ticks are rounded separately.
	other=$((WRK_TICKS - WRK_JIT_TICKS - WRK_LOOP_TICKS - WRK_EXPORT_TICKS - WRK_GC_TICKS))
	OTHERUS[$mode.$key.$round]=$(cpu_us "$((other > 0 ? other : 0))" "$requests")
	SINKUS[$mode.$key.$round]=$(cpu_us "$WRK_SINK_TICKS" "$requests")
	BUSY[$mode.$key.$round]=$WRK_BUSY
}

# warm_up SCRIPT PATH OUTPREFIX KEY: wrk in slices of BENCH_WARMUP until the JIT has settled: the compiler threads used
# at most BENCH_JIT_SETTLED percent of the service's CPU in the last slice, or BENCH_WARMUP_SLICES slices ran. Sets
# WARM_SERVED (requests served) and WARM[KEY] ("slices run/the JIT's share of the last slice%", for the report).
warm_up() {
	local script=$1 path=$2 prefix=$3 key=$4 slice
	WARM_SERVED=0
	for slice in $(seq "$BENCH_WARMUP_SLICES"); do
		wrk_with_cpu "$script" "$path" "$BENCH_WARMUP" "$prefix-$slice.txt"
		WARM_SERVED=$((WARM_SERVED + $(stat_value "$WRK_LINE" requests)))
		WARM_JIT=$(awk -v j="$WRK_JIT_TICKS" -v c="$WRK_TICKS" 'BEGIN { printf "%.0f", (c > 0) ? 100 * j / c : 0 }')
		((WARM_JIT <= BENCH_JIT_SETTLED)) && break
	done
	WARM[$key]="$slice/$WARM_JIT%"
	log "  warmed up $path: $slice slice(s) of $BENCH_WARMUP, JIT ${WARM_JIT}% of the CPU in the last"
}

# run_mode MODE ROUND: start, warm up, measure, read RSS, stop, read the sinks.
run_mode() {
	local mode=$1 round=$2 otlp0 udp0 otlp1 udp1 served=0 k
	log "mode $mode (round $round): starting"
	otlp0=$(otlp_stats)
	udp0=$(udp_stats)
	start_app "$mode" "$OUT/$mode-r$round.log"
	READY[$mode.$round]=$READY_MS
	STARTED[$mode.$round]=$STARTED_S
	log "mode $mode: ready in ${READY_MS} ms (Spring: ${STARTED_S} s); warming up ${BENCH_WARMUP} per endpoint"
	# The seed's workload first, on the fresh store (its 3 activities), then the store filled by the POST warm-up.
	warm_up get /api/activities/home "$OUT/$mode-seed-warmup-r$round" "$mode.seed.$round"
	served=$((served + WARM_SERVED))
	log "mode $mode: GET /api/activities/home on the fresh store for $BENCH_DURATION"
	measure "$mode" seed "$round" get /api/activities/home "$BENCH_DURATION"
	warm_up post /api/activities "$OUT/$mode-post-warmup-r$round" "$mode.post.$round"
	served=$((served + WARM_SERVED))
	warm_up get /api/activities/home "$OUT/$mode-get-warmup-r$round" "$mode.get.$round"
	served=$((served + WARM_SERVED))
	log "mode $mode: GET /api/activities/home on the full store for $BENCH_DURATION"
	measure "$mode" get "$round" get /api/activities/home "$BENCH_DURATION"
	log "mode $mode: POST /api/activities for $BENCH_DURATION"
	measure "$mode" post "$round" post /api/activities "$BENCH_DURATION"
	if [[ -z $HALF_RPS ]]; then
		# Half of the untraced peak (the first mode's if untraced is not run), then the same for every mode and round.
		HALF_RPS=$(awk -v r="$(stat_value "${R[$mode.get.$round]}" rps)" 'BEGIN { printf "%.0f", r / 2 }')
		HALF_FROM=$mode
	fi
	export BENCH_DELAY_MS
	BENCH_DELAY_MS=$(awk -v c="$BENCH_CONNECTIONS" -v r="$HALF_RPS" 'BEGIN { printf "%.3f", (r > 0) ? 1000 * c / r : 0 }')
	log "mode $mode: GET paced at ~${HALF_RPS}/s (${BENCH_DELAY_MS} ms between requests per connection) for $BENCH_DURATION"
	measure "$mode" half "$round" paced /api/activities/home "$BENCH_DURATION"
	RSS[$mode.$round]=$(app_rss_mib)
	HWM[$mode.$round]=$(app_hwm_mib)
	for k in seed get post half; do served=$((served + $(stat_value "${R[$mode.$k.$round]}" requests))); done
	stop_app
	sleep 1 # the last export's response
	otlp1=$(otlp_stats)
	udp1=$(udp_stats)
	SERVED[$mode]=$((${SERVED[$mode]:-0} + served))
	OTLPREQ[$mode]=$((${OTLPREQ[$mode]:-0} + $(stat_value "$otlp1" requests) - $(stat_value "$otlp0" requests)))
	OTLPSPANS[$mode]=$((${OTLPSPANS[$mode]:-0} + $(stat_value "$otlp1" spans) - $(stat_value "$otlp0" spans)))
	OTLPBYTES[$mode]=$((${OTLPBYTES[$mode]:-0} + $(stat_value "$otlp1" bytes) - $(stat_value "$otlp0" bytes)))
	UDPDG[$mode]=$((${UDPDG[$mode]:-0} + $(stat_value "$udp1" datagrams) - $(stat_value "$udp0" datagrams)))
	UDPSEG[$mode]=$((${UDPSEG[$mode]:-0} + $(stat_value "$udp1" segments) - $(stat_value "$udp0" segments)))
	log "mode $mode: done; RSS ${RSS[$mode.$round]} MiB; OTLP sink: $(($(stat_value "$otlp1" spans) - $(stat_value "$otlp0" spans))) spans in $(($(stat_value "$otlp1" requests) - $(stat_value "$otlp0" requests))) exports; UDP: $(($(stat_value "$udp1" datagrams) - $(stat_value "$udp0" datagrams))) datagrams"
}

# Rounds interleave the modes (untraced, traced, ..., untraced, traced, ...), so that a burst of other load on the
# machine hits one round of each, not all rounds of one mode; the report shows medians.
for round in $(seq "$BENCH_ROUNDS"); do
	for mode in $BENCH_MODES; do
		run_mode "$mode" "$round"
	done
done

# ---- aggregate rounds: medians (max latency: the worst; errors and requests: sums; RSS: the largest) -------------
# median [printf format] < space-separated numbers
median() { tr ' ' '\n' | grep . | sort -g | awk -v fmt="${1:-%.0f}" '{ v[NR] = $1 } END { if (NR == 0) m = 0; else if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf fmt "\n", m }'; }
maximum() { tr ' ' '\n' | grep . | sort -g | tail -1; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }
total() { tr ' ' '\n' | grep . | awk '{ s += $1 } END { print s + 0 }'; }
# across MODE.KEY FIELD: the field's values over the rounds, space-separated
across() { local r; for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "$(stat_value "${R[$1.$r]}" "$2")"; done; }
for mode in $BENCH_MODES; do
	for k in seed get post half; do
		line="BENCH"
		for f in requests http_errors connect_errors read_errors write_errors timeouts; do line+=" $f=$(across "$mode.$k" "$f" | total)"; done
		line+=" rps=$(across "$mode.$k" rps | median %.1f)"
		for f in p50_us p90_us p99_us mean_us; do line+=" $f=$(across "$mode.$k" "$f" | median)"; done
		line+=" max_us=$(across "$mode.$k" max_us | maximum)"
		R[$mode.$k]=$line
		CPUUS[$mode.$k]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${CPUUS[$mode.$k.$r]}"; done | median)
		CPUNJ[$mode.$k]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${CPUNJ[$mode.$k.$r]}"; done | median)
		for m in LOOPUS EXPORTUS GCUS OTHERUS; do
			declare -n by_thread=$m
			by_thread[$mode.$k]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${by_thread[$mode.$k.$r]}"; done | median)
			unset -n by_thread
		done
		SINKUS[$mode.$k]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${SINKUS[$mode.$k.$r]}"; done | median)
		BUSY[$mode.$k]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${BUSY[$mode.$k.$r]}"; done | median)
	done
	READY[$mode]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${READY[$mode.$r]}"; done | median)
	STARTED[$mode]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${STARTED[$mode.$r]}"; done | median %.2f)
	RSS[$mode]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${RSS[$mode.$r]}"; done | maximum)
	HWM[$mode]=$(for r in $(seq "$BENCH_ROUNDS"); do printf '%s ' "${HWM[$mode.$r]}"; done | maximum)
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report -------------------------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
# Service CPU time per request, µs (user + system of every thread of the java process, over the measured run).
cpu_nojit() { echo "${CPUNJ[$1]}"; }
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
check() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "n/a" || v !~ /^-?[0-9.]+$/) print "–"; else if ((op == ">=" && v >= t) || (op == "<=" && v <= t)) print "met"; else print "**not met**" }'; }
# by_round TRACED UNTRACED KEY LIMIT: the CPU ratio within each round, where the two modes ran minutes apart and a slow
# spell of the machine hits both: sets BY_ROUND to "median (lowest–highest; n of N ≤ LIMIT)" and MEDIAN to the median.
by_round() {
	local r ratios="" met=0 v
	for r in $(seq "$BENCH_ROUNDS"); do
		v=$(ratio "${CPUNJ[$1.$3.$r]}" "${CPUNJ[$2.$3.$r]}")
		[[ $v == n/a ]] && continue # a round without requests has no ratio
		ratios+="$v "
		[[ $(check "$v" "<=" "$4") == met ]] && met=$((met + 1))
	done
	MEDIAN=$(median %.2f <<<"$ratios")
	BY_ROUND=$(printf '%s (%s–%s; %s of %s ≤ %s)' "$MEDIAN" "$(minimum <<<"$ratios")" "$(maximum <<<"$ratios")" "$met" "$BENCH_ROUNDS" "$4")
}

{
	echo "# Tracing overhead, run $STAMP"
	echo
	echo "wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS, warm-up $BENCH_WARMUP per endpoint, measured $BENCH_DURATION per row;" \
		"the half-load row is GET paced at ~$HALF_RPS req/s (half of the $HALF_FROM${HALF_FROM:+ }GET peak${BENCH_HALF_RPS:+, set by BENCH_HALF_RPS})."
	echo "Latencies in ms. Errors: HTTP status >= 400 and socket errors. Ready: launch to the first 200 from" \
		"/api/health-check; Spring: the \"Started ... in X seconds\" line. RSS after load (peak RSS in brackets)." \
		"CPU µs/req: CPU time of the java process (all threads, user + system) during the row's run divided by its" \
		"requests, then the same without the JIT compiler threads (what remains once compilation is over); less" \
		"sensitive than req/s to other load on the machine. Busy: how busy the whole machine (all CPUs) was during the" \
		"row (service, wrk and the sinks share it); sinks: the local OTLP and UDP receivers' CPU per request (mostly" \
		"receiving spans; a few µs with none to receive)."
	if ((BENCH_ROUNDS > 1)); then
		echo "$BENCH_ROUNDS rounds, modes interleaved in each; the table shows medians over rounds (max: the worst" \
			"round; errors: sums; RSS: the largest). Every round, per mode, is listed after the ratios."
	fi
	echo
	echo "| Mode | Load | req/s | p50 | p99 | max | errors | CPU µs/req (all / no JIT) | busy % / sinks µs/req | ready (s) | Spring (s) | RSS MiB |"
	echo "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"
	for mode in $BENCH_MODES; do
		for k in seed get post half; do
			l=${R[$mode.$k]}
			case $k in
			seed) what="GET /api/activities/home, fresh store (3 items)" ;;
			get) what="GET /api/activities/home, full store" ;;
			post) what="POST /api/activities" ;;
			half) what="GET, half load" ;;
			esac
			if [[ $k == seed ]]; then
				extra="$(awk -v m="${READY[$mode]}" 'BEGIN { printf "%.2f", m / 1000 }') | ${STARTED[$mode]} | ${RSS[$mode]} (${HWM[$mode]})"
			else
				extra=" | | "
			fi
			echo "| $mode | $what | $(stat_value "$l" rps) | $(ms "$(stat_value "$l" p50_us)") | $(ms "$(stat_value "$l" p99_us)") | $(ms "$(stat_value "$l" max_us)") | $(errors "$l") | ${CPUUS[$mode.$k]} / ${CPUNJ[$mode.$k]} | ${BUSY[$mode.$k]} / ${SINKUS[$mode.$k]} | $extra |"
		done
	done
	echo
	echo "Where the service's CPU goes, by thread (µs per request, medians; request threads: Reactor Netty's event" \
		"loops, where a request is served and its spans are made and ended; span export: the batch processors'" \
		"workers (OTLP marshalling, X-Ray translation and its UDP send) and the OTLP exporter's HTTP client; GC: the" \
		"collector's threads and the VM thread; other: the rest without the JIT compiler threads):"
	echo
	echo "| Mode | Load | request threads | span export | GC | other | all without JIT |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	for mode in $BENCH_MODES; do
		for k in seed get post half; do
			echo "| $mode | $k | ${LOOPUS[$mode.$k]} | ${EXPORTUS[$mode.$k]} | ${GCUS[$mode.$k]} | ${OTHERUS[$mode.$k]} | ${CPUNJ[$mode.$k]} |"
		done
	done
	echo
	echo "What the sinks received per mode (requests served: every wrk request of the mode, warm-up included):"
	echo
	echo "| Mode | requests served | OTLP exports | spans | spans/request | OTLP KiB | UDP datagrams | X-Ray documents (datagrams with the daemon header) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	for mode in $BENCH_MODES; do
		echo "| $mode | ${SERVED[$mode]} | ${OTLPREQ[$mode]} | ${OTLPSPANS[$mode]} | $(ratio "${OTLPSPANS[$mode]}" "${SERVED[$mode]}") | $((OTLPBYTES[$mode] / 1024)) | ${UDPDG[$mode]} | ${UDPSEG[$mode]} |"
	done
	echo
	echo "Ratios and targets (same run; CPU without the JIT threads; a mode MODE@VARIANT is compared with untraced@VARIANT" \
		"and agent@VARIANT when those ran, else with untraced and agent):"
	echo
	echo "| Ratio | GET, fresh store | GET, full store | POST | target |"
	echo "|---|---:|---:|---:|---|"
	for traced in $BENCH_MODES; do
		base=${traced%%@*}
		[[ $base == traced-* ]] || continue
		variant=""
		[[ $traced == *@* ]] && variant="@${traced#*@}"
		untraced=untraced$variant
		has "$untraced" || untraced=untraced
		agent=agent$variant
		has "$agent" || agent=agent
		limit=1.20
		[[ $base == traced-prod ]] && limit=1.08
		if has "$untraced"; then
			s_=$(ratio "$(cpu_nojit "$traced.seed")" "$(cpu_nojit "$untraced.seed")")
			g=$(ratio "$(cpu_nojit "$traced.get")" "$(cpu_nojit "$untraced.get")")
			p=$(ratio "$(cpu_nojit "$traced.post")" "$(cpu_nojit "$untraced.post")")
			echo "| CPU per request $traced / $untraced | $s_ | $g | $p | ≤ $limit: $(check "$s_" "<=" $limit), $(check "$g" "<=" $limit), $(check "$p" "<=" $limit) |"
			if ((BENCH_ROUNDS > 1)); then
				by_round "$traced" "$untraced" seed $limit && s_=$BY_ROUND sm=$MEDIAN
				by_round "$traced" "$untraced" get $limit && g=$BY_ROUND gm=$MEDIAN
				by_round "$traced" "$untraced" post $limit && p=$BY_ROUND pm=$MEDIAN
				echo "| the same, round by round: median (lowest–highest; rounds within the target) | $s_ | $g | $p | median ≤ $limit: $(check "$sm" "<=" $limit), $(check "$gm" "<=" $limit), $(check "$pm" "<=" $limit) |"
			fi
			d=$(awk -v a="$(stat_value "${R[$traced.half]}" p99_us)" -v b="$(stat_value "${R[$untraced.half]}" p99_us)" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
			echo "| p99 added at half load, $traced − $untraced (ms) | | $d | | ≤ 1 ms: $(check "$d" "<=" 1) |"
		fi
		if has "$agent"; then
			s_=$(ratio "$(stat_value "${R[$traced.seed]}" rps)" "$(stat_value "${R[$agent.seed]}" rps)")
			g=$(ratio "$(stat_value "${R[$traced.get]}" rps)" "$(stat_value "${R[$agent.get]}" rps)")
			p=$(ratio "$(stat_value "${R[$traced.post]}" rps)" "$(stat_value "${R[$agent.post]}" rps)")
			echo "| throughput $traced / $agent | $s_ | $g | $p | ≥ 1.2: $(check "$s_" ">=" 1.2), $(check "$g" ">=" 1.2), $(check "$p" ">=" 1.2) |"
			s_=$(ratio "$(cpu_nojit "$agent.seed")" "$(cpu_nojit "$traced.seed")")
			g=$(ratio "$(cpu_nojit "$agent.get")" "$(cpu_nojit "$traced.get")")
			p=$(ratio "$(cpu_nojit "$agent.post")" "$(cpu_nojit "$traced.post")")
			echo "| CPU per request $agent / $traced | $s_ | $g | $p | (≥ 1.2 would match the throughput target) |"
		fi
	done
	for mode in $BENCH_MODES; do
		[[ ${mode%%@*} == untraced ]] || continue
		c=$(cpu_nojit "$mode.seed")
		echo "| CPU µs per request, $mode (the Flask seed: 410 µs) | $c | $(cpu_nojit "$mode.get") | $(cpu_nojit "$mode.post") | GET, fresh store ≤ 100: $(check "$c" "<=" 100) |"
	done
	echo
	echo "| Mode | ready (s) | Spring's \"Started in\" (s) | RSS after load (MiB) | targets: ready ≤ 3 s, Started ≤ 2.5 s, RSS ≤ 256 MiB |"
	echo "|---|---:|---:|---:|---|"
	for mode in $BENCH_MODES; do
		r=$(awk -v m="${READY[$mode]}" 'BEGIN { printf "%.2f", m / 1000 }')
		echo "| $mode | $r | ${STARTED[$mode]} | ${RSS[$mode]} | $(check "$r" "<=" 3), $(check "${STARTED[$mode]}" "<=" 2.5), $(check "${RSS[$mode]}" "<=" 256) |"
	done
	if ((BENCH_ROUNDS > 1)); then
		echo
		echo "Every round (req/s, p99 ms, CPU µs/req without JIT, machine busy %; ready s):"
		echo
		echo "| Mode | Load | $(for r in $(seq "$BENCH_ROUNDS"); do printf 'round %s | ' "$r"; done)"
		echo "|---|---|$(for r in $(seq "$BENCH_ROUNDS"); do printf -- '---|'; done)"
		for mode in $BENCH_MODES; do
			for k in seed get post half; do
				printf '| %s | %s | ' "$mode" "$k"
				for r in $(seq "$BENCH_ROUNDS"); do
					printf '%s, %s, %s, %s%% | ' "$(stat_value "${R[$mode.$k.$r]}" rps)" "$(ms "$(stat_value "${R[$mode.$k.$r]}" p99_us)")" "${CPUNJ[$mode.$k.$r]}" "${BUSY[$mode.$k.$r]}"
				done
				echo
			done
			printf '| %s | ready | ' "$mode"
			for r in $(seq "$BENCH_ROUNDS"); do printf '%s | ' "$(awk -v m="${READY[$mode.$r]}" 'BEGIN { printf "%.2f", m / 1000 }')"; done
			echo
		done
	fi
	echo
	echo "Warm-up before each measured row, per round: slices of $BENCH_WARMUP run / the JIT compiler threads' share of the" \
		"service's CPU in the last slice (above $BENCH_JIT_SETTLED%, the row was measured before the JIT settled:" \
		"raise BENCH_WARMUP_SLICES); and RSS after load (MiB):"
	echo
	echo "| Mode | $(for r in $(seq "$BENCH_ROUNDS"); do printf 'round %s | ' "$r"; done)"
	echo "|---|$(for r in $(seq "$BENCH_ROUNDS"); do printf -- '---|'; done)"
	for mode in $BENCH_MODES; do
		printf '| %s | ' "$mode"
		for r in $(seq "$BENCH_ROUNDS"); do
			printf 'seed %s, post %s, get %s; RSS %s | ' "${WARM[$mode.seed.$r]}" "${WARM[$mode.post.$r]}" "${WARM[$mode.get.$r]}" "${RSS[$mode.$r]}"
		done
		echo
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
