#!/usr/bin/env bash
# Forwards localhost:4567 to the backend's Service and checks what a user checks: the health check, a feed, and the
# trace header on the answer. Used by .github/workflows/kind.yml after `helm install` and after `skaffold run`.
set -euo pipefail
kubectl rollout status deployment/cruddur-backend --timeout=180s
kubectl port-forward svc/cruddur-backend 4567:4567 >/tmp/port-forward.log 2>&1 &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
  curl -fsS -o /dev/null http://127.0.0.1:4567/api/health-check && break
  sleep 2
done
curl -fsS http://127.0.0.1:4567/api/health-check | tee /dev/stderr | grep -Eq '"success" *: *true'
echo
headers="$(mktemp)"
curl -fsS -D "$headers" -o /tmp/home.json http://127.0.0.1:4567/api/activities/home
python3 -c 'import json, sys; feed = json.load(open(sys.argv[1])); assert isinstance(feed, list) and feed, feed; print(len(feed), "cruds")' /tmp/home.json
grep -Ei '^x-amzn-trace-id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}' "$headers"
