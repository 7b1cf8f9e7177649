#!/usr/bin/env bash
# Start what the test suite needs and write the connection settings to .test-services.env.
# Idempotent: a service already running is reused. Needs root (or sudo) only to install packages.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=.test-services.env
: > "$env_file"
for part in scripts/services/*.sh; do
  [ -e "$part" ] || continue
  echo "== $(basename "$part" .sh)" >&2
  bash "$part" >> "$env_file"
done
