#!/usr/bin/env bash
# Runs every test: installs what the tests use (Debian packages) when missing, builds once, runs all test targets.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libyaml-dev libcrypt-dev apache2-utils openssl curl python3 python3-pip chromium chromium-driver ruby-rails puma ruby-sqlite3 wrk)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# The headless-browser cable test drives Chromium through selenium (PyPI).
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium
# The metrics tests parse the exposition with Prometheus' own Python client (PyPI).
python3 -c "import prometheus_client" 2>/dev/null || python3 -m pip install -q prometheus_client

# One build for the binary and every test target, then the tests from that build.
swift build --build-tests
# Serially: many tests start real servers and child processes and wait on real timers; on a 2-core machine running
# them all at once starves them. The KILL guard turns a hung test into a failure instead of a stuck CI run
# (the test runner ignores SIGTERM).
timeout -s KILL 2400 swift test --skip-build --no-parallel "$@"
