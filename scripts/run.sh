#!/usr/bin/env bash
# The run command of the README: builds in release mode and runs the main job on the
# embedded default dataset: generate it, train a model, evaluate it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product guardrank
bin=.build/release/guardrank
out=${GUARDRANK_OUT:-.build/demo}
"$bin" demo --out "$out/data"
"$bin" train --dataset "$out/data" --out "$out/model.grk"
"$bin" eval --dataset "$out/data"
