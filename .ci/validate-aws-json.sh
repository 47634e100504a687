#!/usr/bin/env bash
# Validates aws/json/*.json against the X-Ray API model with the AWS CLI, offline: the CLI checks parameters before any
# network call, so a valid file gets as far as "Could not connect" to a closed local port; an invalid one is refused.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v aws >/dev/null; then
  echo "validate-aws-json: the AWS CLI is not installed; skipped" >&2
  exit 0
fi
export AWS_ACCESS_KEY_ID=ci-placeholder AWS_SECRET_ACCESS_KEY=ci-placeholder AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
check() {
  local command="$1" file="$2" output
  output="$(aws xray "$command" --cli-input-json "file://$file" --endpoint-url http://127.0.0.1:9 \
    --cli-connect-timeout 1 --cli-read-timeout 1 2>&1 || true)"
  if grep -q "Could not connect to the endpoint URL" <<<"$output"; then
    echo "validate-aws-json: $file is a valid $command input"
  else
    echo "validate-aws-json: $file is NOT a valid $command input:" >&2
    echo "$output" >&2
    exit 1
  fi
}
check create-sampling-rule aws/json/xray.json
check create-sampling-rule aws/json/xray-health-check.json
check create-group aws/json/xray-group.json

# XRAY_EXPORT=otlp: what `xray-setup --transaction-search` sends, and the pod's IAM policy. Policy documents are plain
# strings to the API model, so their JSON is checked too.
check_call() {
  local what="$1" output
  shift
  output="$(aws "$@" --endpoint-url http://127.0.0.1:9 --cli-connect-timeout 1 --cli-read-timeout 1 2>&1 || true)"
  if grep -q "Could not connect to the endpoint URL" <<<"$output"; then
    echo "validate-aws-json: $what is a valid $1 $2 input"
  else
    echo "validate-aws-json: $what is NOT a valid $1 $2 input:" >&2
    echo "$output" >&2
    exit 1
  fi
}
check_json() {
  if command -v python3 >/dev/null && ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1"; then
    echo "validate-aws-json: $1 is not valid JSON" >&2
    exit 1
  fi
}
check update-trace-segment-destination aws/json/xray-trace-segment-destination.json
check_json aws/json/transaction-search-logs-policy.json
check_call aws/json/transaction-search-logs-policy.json logs put-resource-policy \
  --policy-name cruddur-transaction-search --policy-document file://aws/json/transaction-search-logs-policy.json
check_json aws/iam/xray-otlp-policy.json
check_call aws/iam/xray-otlp-policy.json iam create-policy \
  --policy-name cruddur-backend-xray-otlp --policy-document file://aws/iam/xray-otlp-policy.json
