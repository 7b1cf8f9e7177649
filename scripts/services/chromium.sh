#!/usr/bin/env bash
# Make Debian's chromium available for the browser test of the HTML report; print where it is.
# Idempotent: an installed chromium is reused. Installing needs root (or sudo) and the Debian mirror.
set -euo pipefail
find_chromium() {
  for candidate in "${KPIGUARD_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! bin=$(find_chromium); then
  echo "chromium: installing Debian's chromium with apt-get" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >&2
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  bin=$(find_chromium) || { echo "chromium: installation failed" >&2; exit 1; }
fi
echo "chromium: $("$bin" --version 2>/dev/null || echo "$bin")" >&2
echo "export KPIGUARD_CHROMIUM=$bin"
