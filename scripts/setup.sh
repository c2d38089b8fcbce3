#!/usr/bin/env bash
# Installs the system libraries guardrank links (SPEC §1): liblz4-dev (snapshots, event logs)
# and libjemalloc-dev (the server's allocator). Safe to run again: installs only what is missing.
set -euo pipefail
need=()
for pkg in liblz4-dev libjemalloc-dev "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
# DuckDB (PyPI) runs docs/events.md's queries in ServerTests; without it that test says so and skips.
if command -v python3 >/dev/null && ! python3 -c 'import duckdb' 2>/dev/null; then
  python3 -m pip install --quiet duckdb 2>/dev/null || echo "setup: duckdb not installed; the events-queries test will be skipped" >&2
fi
