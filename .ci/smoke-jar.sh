#!/usr/bin/env bash
# Starts the packaged jar as a user would (java -jar), with tracing on and off, and checks that it serves the API.
# Catches what tests on the Maven classpath cannot: a runtime dependency missing from the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls target/cruddur-backend-*.jar | grep -v plain | head -n 1)
port=14599
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for tracing in true false; do
  CRUDDUR_TRACING_ENABLED=$tracing java -jar "$jar" --server.port=$port --server.address=127.0.0.1 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/api/health-check" >/dev/null 2>&1; then break; fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "smoke-jar: the jar exited during startup" >&2; exit 1; }
    sleep 0.5
  done
  body=$(curl -fs "http://127.0.0.1:$port/api/activities/home")
  headers=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$port/api/health-check")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  case "$body" in \[*) ;; *) echo "smoke-jar: unexpected home feed: $body" >&2; exit 1 ;; esac
  if [ "$tracing" = true ] && ! grep -qi '^x-amzn-trace-id: Root=1-' <<<"$headers"; then
    echo "smoke-jar: no X-Amzn-Trace-Id header with tracing on" >&2; exit 1
  fi
  echo "smoke-jar: java -jar $jar serves the API (CRUDDUR_TRACING_ENABLED=$tracing)"
done
