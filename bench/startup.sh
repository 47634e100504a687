#!/usr/bin/env bash
# Startup of the packaged service, the ways a user can start it, interleaved in one run:
#
#   bench/startup.sh                      # 5 rounds of every way below, ~3 minutes on 2 cores
#   BENCH_ROUNDS=9 BENCH_SKIP_BUILD=1 bench/startup.sh
#   BENCH_STARTUP_WAYS="jar-17 aot-25" BENCH_BEFORE_JAR=/tmp/before.jar bench/startup.sh   # an A/B in one run
#
# BENCH_STARTUP_WAYS picks ways (default: all). BENCH_BEFORE_JAR names another build of the service: each way then
# also runs as WAY-before with that jar (extracted and trained on its own), interleaved with the jar just built.
#
# The ways (each started in traced-full's environment: OTLP export, X-Ray on, every trace kept; bench/lib.sh):
#   jar-17      java -jar, the default JDK (17)
#   jar-25      java -jar, Temurin 25 (BENCH_JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   jar-17-lazy (only when named in BENCH_STARTUP_WAYS) jar-17 with spring.main.lazy-initialization=true: beans are made
#               when first used, so part of the start moves to the first requests (the "first feed" column shows it)
#   cds-17      the extracted jar (java -Djarmode=tools -jar app.jar extract) with a class data sharing archive
#               made by a training run of the same JVM (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh)
#   aot-25      the extracted jar on Java 25 with an ahead-of-time cache from a training run (-XX:AOTCacheOutput)
#   cds-17-served, aot-25-served  (only when named in BENCH_STARTUP_WAYS) the same, but the training run is a whole
#               start that serves the seed's requests (GET home, POST, the health check) and is stopped with SIGTERM,
#               instead of stopping after the refresh
#   image       the container image as closely as this machine can run it without a container engine: the image's
#               JVM release (Temurin 25), plain jars on the class path as Jib lays them out, the image's JVM flags
#               (<jvmFlag> in pom.xml) and the chart's limits as the JVM would see them in the container (1 CPU:
#               -XX:ActiveProcessorCount=1; 384 MiB: -XX:MaxRAM=384m); no cgroup, so the CPU is not capped
# For each start: launch to the first 200 from GET /api/health-check ("ready"), Spring's "Started ... in X seconds",
# and launch to the answer of the first GET /api/activities/home sent right after ready ("first feed": what a user's
# first page waits for, including what the first request still loads); the table shows the median, min and max over
# the rounds. Needs what bench/run.sh needs; 127.0.0.1 only.
set -euo pipefail

# Started as users start it: no JVM options unless BENCH_JVM_OPTS says so (bench/run.sh's default is -Xmx256m).
STARTUP_JVM_OPTS=${BENCH_JVM_OPTS-}
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BENCH_JVM_OPTS=$STARTUP_JVM_OPTS

BENCH_ROUNDS=${BENCH_ROUNDS:-5}
[[ $BENCH_ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
BENCH_JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH_DIR/results/startup-$STAMP
REPORT=$BENCH_DIR/results/startup-$STAMP.md
mkdir -p "$OUT"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

need_tools
build_jar
# The served trainings are not in the default set: they started no faster (docs/benchmarks.md).
DEFAULT_WAYS="jar-17 cds-17"
KNOWN_WAYS="$DEFAULT_WAYS cds-17-served jar-17-lazy"
if [[ -x $BENCH_JAVA25 ]]; then
	DEFAULT_WAYS="jar-17 jar-25 cds-17 aot-25 image"
	KNOWN_WAYS="$DEFAULT_WAYS cds-17-served aot-25-served jar-17-lazy"
else
	log "no Java 25 at $BENCH_JAVA25 (BENCH_JAVA25): only the Java 17 ways"
fi
WAYS=${BENCH_STARTUP_WAYS:-$DEFAULT_WAYS}
for way in $WAYS; do
	[[ " $KNOWN_WAYS " == *" $way "* ]] || die "unknown way '$way' (BENCH_STARTUP_WAYS; ways here: $KNOWN_WAYS)"
done
if [[ -n ${BENCH_BEFORE_JAR:-} ]]; then
	[[ -f $BENCH_BEFORE_JAR ]] || die "no jar $BENCH_BEFORE_JAR (BENCH_BEFORE_JAR)"
	WAYS=$(for way in $WAYS; do printf '%s %s-before ' "$way" "$way"; done)
fi
start_sinks "$OUT"

# train JAVA OPTION JAR LOG [served]: one start that writes the archive named by OPTION when the JVM exits. It stops
# once the context is refreshed (-Dspring.context.exit=onRefresh, as Boot documents); "served": it starts fully,
# serves the seed's requests and is stopped with SIGTERM, so the archive also holds what the first requests load.
train() {
	local java=$1 option=$2 jar=$3 logfile=$4 how=${5:-refresh}
	if [[ $how == refresh ]]; then
		local -a env_words
		mode_settings traced-full
		read -r -a env_words <<<"$MODE_ENV"
		env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 PORT="$BENCH_PORT" "${env_words[@]}" \
			"$java" $BENCH_JVM_OPTS "$option" -Dspring.context.exit=onRefresh -jar "$jar" >"$logfile" 2>&1 \
			|| { tail -20 "$logfile" >&2; die "training run failed ($logfile)"; }
		return 0
	fi
	# Started and stopped as every measured start is (bench/lib.sh), with the archive option as a variant.
	export "BENCH_VARIANT_training=java=$(command -v "$java") jar=$jar jvm=$option"
	start_app traced-full@training "$logfile"
	curl -fsS -o /dev/null "$APP_URL/api/activities/home" || die "training run: GET home failed"
	curl -fsS -o /dev/null -H 'Content-Type: application/json' \
		-d '{"message":"training run","ttl":"1-hour"}' "$APP_URL/api/activities" \
		|| die "training run: POST failed"
	# SIGTERM: the JVM writes the archive as it exits (killed after 60 s, it writes none: checked below); the EXIT
	# trap kills it if anything above failed.
	stop_app
	[[ -s ${option#*=} ]] || { tail -20 "$logfile" >&2; die "training run wrote no archive ($logfile)"; }
}

# archive WAY JAVA DUMP USE FILE [served]: when WAY runs for the jar prepare is preparing, trains FILE with
# -XX:DUMP=FILE and exports WAY's variant, started with -XX:USE=FILE (uses prepare's extracted, suffix and tag).
archive() {
	local way=$1 java=$2 dump=$3 use=$4 file=$5 how=${6:-refresh}
	[[ " $WAYS " == *" $way$tag "* ]] || return 0
	log "training run for $way$tag ($how)"
	train "$java" "-XX:$dump=$file" "$extracted" "$OUT/train-$way$suffix.log" "$how"
	export "BENCH_VARIANT_${way//-/}$suffix=java=$(command -v "$java") jar=$extracted jvm=-XX:$use=$file"
}

# prepare JAR SUFFIX: extracts JAR, trains the archives its ways need and exports their variants (bench/lib.sh),
# named after the way without dashes, plus SUFFIX.
prepare() {
	local jar=$1 suffix=$2 dir=$OUT/extracted$2 extracted tag=${2:+-$2}
	# The extracted jar: plain jars side by side, which class data sharing needs (it cannot map classes from nested
	# jars).
	log "extracting $jar into $dir"
	"$BENCH_JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
	extracted=$dir/$(basename "$jar")
	export "BENCH_VARIANT_jar17$suffix=java=$(command -v "$BENCH_JAVA") jar=$jar"
	export "BENCH_VARIANT_jar17lazy$suffix=java=$(command -v "$BENCH_JAVA") jar=$jar arg=--spring.main.lazy-initialization=true"
	archive cds-17 "$BENCH_JAVA" ArchiveClassesAtExit SharedArchiveFile "$OUT/app-17$suffix.jsa"
	archive cds-17-served "$BENCH_JAVA" ArchiveClassesAtExit SharedArchiveFile "$OUT/app-17-served$suffix.jsa" served
	[[ -x $BENCH_JAVA25 ]] || return 0
	export "BENCH_VARIANT_jar25$suffix=java=$BENCH_JAVA25 jar=$jar"
	archive aot-25 "$BENCH_JAVA25" AOTCacheOutput AOTCache "$OUT/app-25$suffix.aot"
	archive aot-25-served "$BENCH_JAVA25" AOTCacheOutput AOTCache "$OUT/app-25-served$suffix.aot" served
	local image_flags
	image_flags=$(sed -n 's:.*<jvmFlag>\(.*\)</jvmFlag>.*:jvm=\1:p' "$BENCH_ROOT/pom.xml" | tr '\n' ' ')
	export "BENCH_VARIANT_image$suffix=java=$BENCH_JAVA25 jar=$extracted $image_flags jvm=-XX:ActiveProcessorCount=1 jvm=-XX:MaxRAM=384m"
}
prepare "$APP_JAR" ""
[[ -z ${BENCH_BEFORE_JAR:-} ]] || prepare "$BENCH_BEFORE_JAR" "before"

declare -A READYS STARTEDS FEEDS CPUS CLASSES STOPS
for round in $(seq "$BENCH_ROUNDS"); do
	for way in $WAYS; do
		APP_FIRST_GET=/api/activities/home start_app "traced-full@${way//-/}" "$OUT/$way-r$round.log"
		READYS[$way]+="$READY_MS "
		STARTEDS[$way]+="$STARTED_S "
		FEEDS[$way]+="$FIRST_GET_MS "
		CPUS[$way]+="$READY_CPU_MS "
		# Classes loaded after the first feed, from the JVM's own counters (jstat of the way's JVM).
		classes=$("$(jdk_tool jstat)" -class "$APP_PID" 2>/dev/null | awk 'NR == 2 { print $1 }' || true)
		CLASSES[$way]+="${classes:-?} "
		# SIGTERM to exit: Boot's graceful shutdown, the exporters' last flush, and an archive a JVM writes as it exits.
		stop_started=$(date +%s%N)
		stop_app
		stop_ms=$((($(date +%s%N) - stop_started) / 1000000))
		STOPS[$way]+="$stop_ms "
		log "$way (round $round): ready in $READY_MS ms (CPU $READY_CPU_MS ms), Spring: $STARTED_S s, first feed at $FIRST_GET_MS ms, ${classes:-?} classes, stopped in $stop_ms ms"
	done
done

# stats DIVISOR: "median (min–max)" of the numbers on stdin; a start without a "Started" line ("?") is left out.
stats() { tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -g | awk -v d="$1" '{ v[NR] = $1 / d } END { if (NR == 0) { printf "n/a"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f (%.2f–%.2f)", m, v[1], v[NR] }'; }
{
	echo "# Startup, run $STAMP"
	echo
	echo "$BENCH_ROUNDS rounds, the ways interleaved; median (min–max) in seconds. Environment: traced-full's (OTLP export, X-Ray on)."
	echo "Targets: ready (launch to the first 200) ≤ 3 s, Spring's \"Started in\" ≤ 2.5 s."
	echo
	echo "| Way | ready (s) | Spring's \"Started in\" (s) | first feed (s) | CPU to ready (s) | classes loaded | stop (s) |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for way in $WAYS; do
		echo "| $way | $(stats 1000 <<<"${READYS[$way]}") | $(stats 1 <<<"${STARTEDS[$way]}") | $(stats 1000 <<<"${FEEDS[$way]}") | $(stats 1000 <<<"${CPUS[$way]}") | $(stats 1 <<<"${CLASSES[$way]}" | sed -E 's/\.[0-9]+//g') | $(stats 1000 <<<"${STOPS[$way]}") |"
	done
	echo
	echo "CPU to ready: user + system time of the whole process (JIT and GC threads included) when the first 200 came; on"
	echo "2 shared cores it varies less than the wall clock. Classes loaded: after the first feed (jstat -class). Stop: SIGTERM"
	echo "to exit (Boot's graceful shutdown, the exporters' last flush)."
	echo
	machine_info
	echo "- Java 25: $("$BENCH_JAVA25" -version 2>&1 | head -1)"
	echo "- Load average (1/5/15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- Service jar: $(basename "$APP_JAR") at $(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
	[[ -z ${BENCH_BEFORE_JAR:-} ]] || echo "- WAY-before: $BENCH_BEFORE_JAR"
} >"$REPORT"
cat "$REPORT"
log "written to $REPORT"
