#!/usr/bin/env bash
# The test command of the README: installs what is missing, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build
swift test --parallel 2>&1 | tee /tmp/guardrank-test.log
# Incident drills against the real binary on loopback (docs/drills.md): the short set.
bash scripts/drill.sh short
