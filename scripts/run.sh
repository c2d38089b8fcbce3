#!/usr/bin/env bash
# The run command of the README: builds in release mode and serves the embedded default model
# (trained at startup on the synthetic demo dataset) on 127.0.0.1:8080. Ctrl-C stops it.
# Extra arguments go to `guardrank serve` (e.g. --port 9000 --model MODEL --events DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product guardrank
exec .build/release/guardrank serve "$@"
