#!/bin/sh
# Ranking core vs peers, in one go, on the same data (docs/benchmarks.md, "## Ranking core").
# Needs: swift build -c release; python3 with numpy faiss-cpu==1.15.1 hnswlib==0.8.0
#   (python3 -m venv /tmp/peers && /tmp/peers/bin/pip install numpy faiss-cpu==1.15.1 hnswlib==0.8.0
#    then PYTHON=/tmp/peers/bin/python scripts/ranking-core-peers.sh)
# Writes the vectors to ${DATA:-/tmp/guardrank-peers}; run on a quiet machine.
set -eu
PYTHON=${PYTHON:-python3}
DATA=${DATA:-/tmp/guardrank-peers}
PEERS=${PEERS:-../shared/peers}
BIN=.build/release/guardrank
for n in 10000 100000 1000000; do
    [ -f "$DATA/mips$n/truth.npy" ] || "$PYTHON" "$PEERS/mips_baseline.py" --items $n --save "$DATA/mips$n" --skip-peers
done
echo "## ours: guardrank index-bench (serving parameters) and exact scan"
for n in 10000 100000 1000000; do
    $BIN index-bench --items "$DATA/mips$n/items.npy" --queries "$DATA/mips$n/queries.npy" --truth "$DATA/mips$n/truth.npy"
done
$BIN index-bench --items "$DATA/mips10000/items.npy" --queries "$DATA/mips10000/queries.npy" --truth "$DATA/mips10000/truth.npy" --lists-per-root 0
for p in 64 128 192 256; do
    $BIN index-bench --items "$DATA/mips1000000/items.npy" --queries "$DATA/mips1000000/queries.npy" --truth "$DATA/mips1000000/truth.npy" --probes $p
done
echo "## ours: guardrank core-bench (full rank() requests on synthetic factors)"
for n in 10000 100000 1000000; do $BIN core-bench --items $n --users 100000 --seconds 3; done
echo "## peers: topk_baseline.py (faiss exact IP, hnswlib; random d=64 factors)"
"$PYTHON" "$PEERS/topk_baseline.py" 10000,100000,1000000
echo "## peers: mips_baseline.py --items 1000000 (faiss exact, IVF, hnswlib)"
"$PYTHON" "$PEERS/mips_baseline.py" --items 1000000
