#!/usr/bin/env bash
# ALS training speed, guardrank vs the `implicit` library, one thread each, in one run
# (issue 2): same data (ml-latest-small, every rating an interaction), same factors,
# λ, confidence scale and 15 iterations. Alternates the two five times; prints each time.
#   bash scripts/peers/als_speed.sh [DATASET_DIR]       (pip install implicit==0.7.3 threadpoolctl)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/datasets/ml-latest-small}
swift build -c release --product guardrank >/dev/null
python3 -c "import implicit, threadpoolctl" 2>/dev/null || pip install -q implicit==0.7.3 threadpoolctl
model=$(mktemp -d)/als.grk
for round in 1 2 3 4 5; do
  .build/release/guardrank train --dataset "$data" --out "$model" --threads 1 \
    | sed -n 's/.*als \([0-9.]*\)s.*/guardrank ALS one thread: \1 s/p'
  OPENBLAS_NUM_THREADS=1 python3 scripts/peers/implicit_als_time.py "$data"
done
