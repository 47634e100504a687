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
